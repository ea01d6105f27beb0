import { blake2b, waitReady } from '@polkadot/wasm-crypto';

// The WASM blake2b takes 1.2-2.4 us per trie node here, the JS ones (@noble/hashes, or written for
// 64-bit words in 32-bit halves) 6-30 us, so the module waits once for the WASM at load time
// instead of choosing per call.
await waitReady();

const NO_KEY = new Uint8Array(0);

export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, NO_KEY, 32);
}
