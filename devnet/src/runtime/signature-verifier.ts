import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** One signature to check: the scheme, the signed bytes, the 64-byte signature and the 32-byte public key. */
export interface SignatureCheck {
  readonly scheme: 'Sr25519' | 'Ed25519';
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * The worker's code, plain CommonJS so that it runs the same under tsx, vitest and plain node. It answers one
 * byte per check of each batch.
 *
 * sr25519: `@polkadot-labs/schnorrkel-wasm` verifies about twice as fast as `@polkadot/wasm-crypto`, but panics
 * (a WASM trap, after which the instance is not to be trusted) on input schnorrkel cannot parse, where
 * wasm-crypto answers false. So the fast one only sees signatures that parse, checked here as
 * `Signature::from_bytes` does (marker bit set, canonical scalar), and public keys that wasm-crypto has
 * already accepted (a valid signature proves the key is a valid point). Anything else, and everything after an
 * unexpected failure of the fast one, goes to wasm-crypto.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const requireFrom = createRequire(workerData.resolveFrom);
const crypto = requireFrom('@polkadot/wasm-crypto');
let fast;
try {
  fast = requireFrom('@polkadot-labs/schnorrkel-wasm');
} catch {
  fast = undefined;
}
const ready = crypto.waitReady();
// The order of the Ristretto group, little-endian: a signature's scalar must be below it.
const GROUP_ORDER = [237, 211, 245, 92, 26, 99, 18, 88, 214, 156, 247, 162, 222, 249, 222, 20,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16];
const MAX_KNOWN_KEYS = 100000;
const knownKeys = new Set();

function parsesAsSchnorrkel(signature) {
  if ((signature[63] & 0x80) === 0) return false;
  for (let index = 31; index >= 0; index--) {
    const byte = index === 31 ? signature[63] & 0x7f : signature[32 + index];
    if (byte !== GROUP_ORDER[index]) return byte < GROUP_ORDER[index];
  }
  return false;
}

function verifySr25519(signature, payload, publicKey) {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const key = Buffer.from(publicKey).toString('hex');
  if (fast && knownKeys.has(key) && parsesAsSchnorrkel(signature)) {
    try {
      return fast.sr25519_verify(publicKey, payload, signature);
    } catch {
      fast = undefined;
    }
  }
  const valid = crypto.sr25519Verify(signature, payload, publicKey);
  if (valid) {
    if (knownKeys.size >= MAX_KNOWN_KEYS) knownKeys.clear();
    knownKeys.add(key);
  }
  return valid;
}

parentPort.on('message', async ({ id, checks }) => {
  await ready;
  const results = new Uint8Array(checks.length);
  for (let index = 0; index < checks.length; index++) {
    const { scheme, payload, signature, publicKey } = checks[index];
    try {
      const valid = scheme === 'Sr25519'
        ? verifySr25519(signature, payload, publicKey)
        : crypto.ed25519Verify(signature, payload, publicKey);
      results[index] = valid ? 1 : 0;
    } catch {
      results[index] = 0;
    }
  }
  parentPort.postMessage({ id, results });
});
`;

/**
 * Verifies signatures on a worker thread, so that the node's main thread (RPC, pool, block production) does not
 * spend most of its time accepting transactions on curve arithmetic. The checks requested during one turn of the
 * event loop travel as one message. A check the worker cannot answer (it failed or was closed) resolves
 * `false`: callers then verify on their own thread, so the verifier only ever saves work. The worker starts with
 * the first check, so a node that never receives a transaction never pays for it.
 */
export class SignatureVerifier {
  #worker: Worker | undefined;
  #queued: { check: SignatureCheck; resolve: (valid: boolean) => void }[] = [];
  readonly #inFlight = new Map<number, ((valid: boolean) => void)[]>();
  #nextBatch = 0;
  #broken = false;

  #startWorker(): Worker | undefined {
    let worker: Worker;
    try {
      const resolveFrom = fileURLToPath(import.meta.url);
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { resolveFrom } });
    } catch {
      this.#broken = true;
      return undefined;
    }
    this.#worker = worker;
    // The node's servers keep the process alive; the worker alone must not.
    worker.unref();
    worker.on('message', ({ id, results }: { id: number; results: Uint8Array }) => {
      const resolvers = this.#inFlight.get(id) ?? [];
      this.#inFlight.delete(id);
      resolvers.forEach((resolve, index) => {
        resolve(results[index] === 1);
      });
    });
    worker.on('error', () => this.#fail());
    worker.on('exit', () => this.#fail());
    return worker;
  }

  /** Whether the signature is valid; false also when the worker could not tell. */
  verify(check: SignatureCheck): Promise<boolean> {
    if (this.#broken) return Promise.resolve(false);
    return new Promise((resolve) => {
      if (this.#queued.length === 0) queueMicrotask(() => this.#flush());
      this.#queued.push({ check, resolve });
    });
  }

  async close(): Promise<void> {
    this.#broken = true;
    await this.#worker?.terminate();
    this.#fail();
  }

  #flush(): void {
    const queued = this.#queued;
    this.#queued = [];
    if (queued.length === 0) return;
    if (this.#broken) {
      for (const { resolve } of queued) resolve(false);
      return;
    }
    const worker = this.#worker ?? this.#startWorker();
    if (!worker) {
      for (const { resolve } of queued) resolve(false);
      return;
    }
    const id = this.#nextBatch++;
    this.#inFlight.set(
      id,
      queued.map(({ resolve }) => resolve),
    );
    worker.postMessage({ id, checks: queued.map(({ check }) => check) });
  }

  #fail(): void {
    this.#broken = true;
    for (const { resolve } of this.#queued.splice(0)) resolve(false);
    for (const resolvers of this.#inFlight.values()) for (const resolve of resolvers) resolve(false);
    this.#inFlight.clear();
  }
}
