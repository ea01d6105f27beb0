import { compactToU8a, hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/testing/seeded-random.ts';
import { blake2b256 } from '../src/trie/blake2.ts';
import { IncrementalTrie } from '../src/trie/incremental-trie.ts';
import { EMPTY_TRIE_ROOT, encodeCompact, encodeNode, type StateVersion } from '../src/trie/node-codec.ts';
import { extrinsicsRootStateVersion, orderedTrieRoot, trieRoot } from '../src/trie/trie-root.ts';

type Entry = [Uint8Array, Uint8Array];

const hex = (bytes: Uint8Array) => u8aToHex(bytes);
const text = (s: string) => stringToU8a(s);

function branchChildren(byNibble: Record<number, Uint8Array>): (Uint8Array | undefined)[] {
  return Array.from({ length: 16 }, (_, nibble) => byNibble[nibble]);
}

describe('node codec, against published encodings', () => {
  it('encodes a leaf: 0b01 header, key nibbles, compact-prefixed value (smoldot trie_root_single_tuple)', () => {
    expect(hex(encodeNode(Uint8Array.of(0xaa), 0, 2, Uint8Array.of(0xbb), false, undefined))).toBe('0x42aa04bb');
  });

  it('encodes a branch with an empty value and two hashed children (smoldot trie_node::basic)', () => {
    const child6 = '81fe6f1527bcd7128b4c809d6c218be822490015ca36124791752fdebd5d7744';
    const child7 = '6cd369627acef6494ded334d1aa60134b3ad2b59db68c4bed08087b10db96faf';
    const children = branchChildren({ 6: hexToU8a(`0x${child6}`), 7: hexToU8a(`0x${child7}`) });
    expect(hex(encodeNode(Uint8Array.of(0x63), 0, 2, new Uint8Array(0), false, children))).toBe(
      `0xc263c00000${'80'}${child6}80${child7}`,
    );
  });

  it('inlines child nodes shorter than 32 bytes (smoldot trie_root_example)', () => {
    // Branch without value or partial key, slots 1 and 4 holding 5-byte leaves with 3-nibble keys.
    const rootNode = '0x8012001443031404ff1443081904fe';
    const entries: Entry[] = [
      [Uint8Array.of(0x48, 0x19), Uint8Array.of(0xfe)],
      [Uint8Array.of(0x13, 0x14), Uint8Array.of(0xff)],
    ];
    for (const version of [0, 1] as const) {
      expect(hex(trieRoot(entries, version))).toBe(hex(blake2b256(hexToU8a(rootNode))));
    }
  });

  // From smoldot's lib/src/trie/proof_decode/issue_2035_proof: a storage proof of a live chain
  // with state version 1. Its values of 51 and 80 bytes sit in "hashed value" leaves.
  it('matches a real V1 leaf whose 51-byte value is stored by hash', () => {
    const value = hexToU8a(
      '0x0403de3701b40308030003040000000000002c23d93e6a534de64470ba0cb98e6c61e610d41d624689de256aa47420a66dd439',
    );
    const realLeaf = hexToU8a(
      '0x36ee3538cfd62cb8170d00000f65de73629ad9f65508153c4fe7d47294794f7d3cfba31dd94126b29f138c71',
    );
    // The proof's parent branch refers to that leaf by this hash (its child slot 6).
    const hashInParent = '0x0d605bdef7453a1edccb6595bbed84998a8872136f3b210f6a1254bf269d2c4c';
    const partialKey = hexToU8a('0xee3538cfd62cb8170d0000');

    expect(hex(encodeNode(partialKey, 0, 22, blake2b256(value), true, undefined))).toBe(hex(realLeaf));
    // A trie holding only that key has this leaf as its root node.
    expect(hex(trieRoot([[partialKey, value]]))).toBe(hashInParent);
    expect(hex(trieRoot([[partialKey, value]], 0))).not.toBe(hashInParent);
  });

  it('matches a real V1 leaf whose 91-nibble key overflows the 3-bit header into a second byte', () => {
    const value = hexToU8a(
      '0x24000000030000000100000000000000e7fb04d7202400000000000000000000000000000000000000000000000000001c289a6e1c240000000000000000000000000000000000000000000000000080',
    );
    const realLeaf =
      '0x3f3c077592947c1ee7b84a98242f26e2a095482ffd7b219039680f4800fae7ef7a943fcfbc2b678f9278ee53daa2af4b73c48e03512a45b5bfa21e5ee851f6963ae62dbda927b26b3e4d0fd7ffc48433';
    // Header 0x3f 0x3c: 31 + 60 nibbles; the key's 46 bytes start with the padding nibble.
    const packedKey = hexToU8a(`0x${realLeaf.slice(6, 6 + 92)}`);
    expect(hex(encodeNode(packedKey, 1, 92, blake2b256(value), true, undefined))).toBe(realLeaf);
  });

  it('encodes SCALE compacts like @polkadot/util', () => {
    for (const n of [0, 1, 63, 64, 16383, 16384, 2 ** 30 - 1]) {
      expect(hex(encodeCompact(n))).toBe(hex(compactToU8a(n)));
    }
  });
});

describe('trieRoot, against published roots', () => {
  it('is blake2_256(0x00) for no entries', () => {
    expect(hex(trieRoot([]))).toBe('0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314');
    expect(hex(EMPTY_TRIE_ROOT)).toBe(hex(blake2b256(Uint8Array.of(0))));
    expect(hex(new IncrementalTrie().root())).toBe(hex(EMPTY_TRIE_ROOT));
  });

  it('matches smoldot trie_root_one_node', () => {
    expect(hex(trieRoot([[text('abcd'), text('hello world')]]))).toBe(
      '0x7ab18659d3b2789ef2400d107104c7d4fb93d06d9ab6a8b641a5de7c3fecc851',
    );
  });

  it('matches smoldot trie_root_example_v0_blake2 (a key that is a prefix of another)', () => {
    const entries: Entry[] = [
      [text('foo'), text('bar')],
      [text('foobar'), text('baz')],
    ];
    expect(hex(trieRoot(entries, 0))).toBe('0xa61820b5fba9b01aee10b5bbd84aea80b8230318c5e8ca14b9a4940c76e09815');
  });

  it('matches smoldot trie_root_example_v1_blake2', () => {
    const entries: Entry[] = [
      [text('bar'), text('foo')],
      [text('barfoo'), text('hello')],
      [text('anotheritem'), text('anothervalue')],
    ];
    expect(hex(trieRoot(entries, 1))).toBe('0x441807c345ca7adf88bd21ab1b3cbadb15616abb89167eb9fe285dd5cecd04c8');
  });

  it('matches sp-state-machine BasicExternalities commit_should_work', () => {
    const entries: Entry[] = [
      [text('doe'), text('reindeer')],
      [text('dog'), text('puppy')],
      [text('dogglesworth'), text('cat')],
    ];
    expect(hex(trieRoot(entries))).toBe('0x39245109cef3758c2eed2ccba8d9b370a917850af3824bc8348d505df2c298fa');
  });

  it('lets the last of repeated keys win', () => {
    const once: Entry[] = [[text('k'), text('new')]];
    const repeated: Entry[] = [
      [text('k'), text('old')],
      [text('j'), text('x')],
      [text('k'), text('new')],
    ];
    expect(hex(trieRoot(repeated))).toBe(hex(trieRoot([...once, [text('j'), text('x')]])));
  });
});

describe('orderedTrieRoot, against real blocks', () => {
  // Each extrinsic as the block body carries it: SCALE-encoded, compact length prefix included.
  const realBlocks = [
    {
      // BABE block #4,320,198 (0x41ebc6) of a Kusama-era chain: a timestamp and a signed extrinsic.
      extrinsicsRoot: '0x020b36f06e8cc9fdeadd5438332b06a405d61e0710f5c6b7bc8149f60eb15327',
      extrinsics: [
        '0x280403000b500a8e617801',
        '0x050384001cf326c5aaa5af9f0e2791e66310fe8f044faadaf12567eaa0976959d1f7731f011e8ca506a4389d309b7eed51200cc3b216cf97727a8d9f1358fd09200b089b462b329750d49a07dc899b72d3c1c7b9627c2b57e09787108b5198c6fefaa7378a350036700600001a00080500003ef8b45d937722f959fa95da0093580f5631b6c01bde90a320d8383817a5332f0b608665e8af0205000075b6f28574559b5f32f867e72f13cf19d65fe8d4972ffc5a5c5fbcfcd900c6050b001761f69b04',
      ],
    },
    {
      // Cere testnet block #3,187,104 (0x30a1a0): two inherents and a signed contract call.
      extrinsicsRoot: '0x609d7679a3d7d45badb46c37c8adea4c14aae605d65770c282c7e6eb8043778f',
      extrinsics: [
        '0x280403000b706bb4fd7f01',
        '0x1c040f007686c200',
        '0xad0284ffa687d54dc41c52637ba12babb48ee0cf43f2a3219f23bb208d2127089071ca67011c25c4370c5a4549edb7a5e7b78b652ad840b08436fb50e225f13c86c40a3f00e0a6ad5b4718269e75a2570ae4eec84f588d90c47aae66bf1d850fe7413f5588000901001202ff29ebcfb3296b14ca8ebd454499e9001a4eaa6c77fc6d31240fc3dc4b25f7a392000b0000f2052a01600aeb23794c74657374696e674b6f746c696e467265736834',
      ],
    },
  ];

  it.each(realBlocks)('reproduces extrinsics root $extrinsicsRoot with layout V0', ({ extrinsicsRoot, extrinsics }) => {
    const items = extrinsics.map((extrinsic) => hexToU8a(extrinsic));
    expect(hex(orderedTrieRoot(items))).toBe(extrinsicsRoot);
    // Their extrinsics over 32 bytes would be stored by hash under V1, giving another root.
    expect(hex(orderedTrieRoot(items, 1))).not.toBe(extrinsicsRoot);
  });

  it('uses V0 for system_version 0 and 1, V1 from 2 on (RuntimeVersion::extrinsics_root_state_version)', () => {
    expect([0, 1, 2, 3].map(extrinsicsRootStateVersion)).toEqual([0, 0, 1, 1]);
  });

  it('keys item i by Compact(i), including two-byte compacts past 63 items', () => {
    const items = Array.from({ length: 70 }, (_, i) => Uint8Array.of(i, i));
    const entries = items.map((item, i): Entry => [compactToU8a(i), item]);
    expect(hex(orderedTrieRoot(items))).toBe(hex(trieRoot(entries, 0)));
    expect(hex(orderedTrieRoot([]))).toBe(hex(EMPTY_TRIE_ROOT));
  });
});

function randomBytes(random: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

/** The trie's contents tracked independently, keyed by hex. */
class Model {
  readonly entries = new Map<string, Entry>();

  set(key: Uint8Array, value: Uint8Array | null): void {
    if (value === null) this.entries.delete(hex(key));
    else this.entries.set(hex(key), [key, value]);
  }

  root(version: StateVersion): string {
    return hex(trieRoot(this.entries.values(), version));
  }
}

describe('IncrementalTrie against trieRoot', () => {
  // Few distinct bytes and short keys make keys that prefix each other, deep splits and merges.
  const keyBytes = [0x00, 0x01, 0x10, 0xab, 0xff];
  const valueLengths = [0, 1, 31, 32, 33, 34, 100];

  function randomKey(random: () => number): Uint8Array {
    const length = Math.floor(random() * 5);
    return Uint8Array.from({ length }, () => keyBytes[Math.floor(random() * keyBytes.length)]);
  }

  function randomValue(random: () => number): Uint8Array {
    return randomBytes(random, valueLengths[Math.floor(random() * valueLengths.length)]);
  }

  for (const version of [0, 1] as const) {
    it(`agrees after every few random inserts, overwrites and deletes (state version ${version})`, () => {
      const random = seededRandom(42 + version);
      const trie = new IncrementalTrie(version);
      const model = new Model();
      for (let step = 1; step <= 3000; step++) {
        const key = randomKey(random);
        const value = random() < 0.3 ? null : randomValue(random);
        trie.set(key, value);
        model.set(key, value);
        if (step % 7 === 0) expect(hex(trie.root())).toBe(model.root(version));
      }
      for (const [key, value] of model.entries.values()) expect(trie.get(key)).toEqual(value);

      for (const [key] of [...model.entries.values()]) {
        trie.set(key, null);
        model.set(key, null);
        expect(hex(trie.root())).toBe(model.root(version));
      }
      expect(hex(trie.root())).toBe(hex(EMPTY_TRIE_ROOT));
    });
  }

  it('agrees on storage-shaped keys: a shared pallet prefix, hashed account keys, 80-byte values', () => {
    const random = seededRandom(7);
    const prefix = randomBytes(random, 32);
    const accountKey = () => Uint8Array.from([...prefix, ...randomBytes(random, 48)]);
    const keys = Array.from({ length: 2000 }, accountKey);
    const trie = new IncrementalTrie();
    const model = new Model();
    for (const key of keys) {
      const value = randomBytes(random, 80);
      trie.set(key, value);
      model.set(key, value);
    }
    expect(hex(trie.root())).toBe(model.root(1));
    for (let block = 0; block < 5; block++) {
      for (let change = 0; change < 300; change++) {
        const key = keys[Math.floor(random() * keys.length)];
        const value = random() < 0.1 ? null : randomBytes(random, 80);
        trie.set(key, value);
        model.set(key, value);
      }
      expect(hex(trie.root())).toBe(model.root(1));
    }
  });

  it('ignores deleting absent keys and rewriting equal values', () => {
    const trie = new IncrementalTrie();
    trie.set(text('ab'), text('value'));
    trie.set(text('abc'), text('other'));
    const root = hex(trie.root());
    trie.set(text('a'), null);
    trie.set(text('abcd'), null);
    trie.set(text('ab'), text('value'));
    expect(hex(trie.root())).toBe(root);
    expect(trie.get(text('a'))).toBeUndefined();
  });

  it('keeps a clone independent of later changes on either side, whether or not roots were computed', () => {
    const random = seededRandom(99);
    const keyOf = (i: number) => Uint8Array.of(i >> 8, i & 0xff, 7);
    const original = new IncrementalTrie();
    const originalModel = new Model();
    for (let i = 0; i < 500; i++) {
      const value = randomBytes(random, 40);
      original.set(keyOf(i), value);
      originalModel.set(keyOf(i), value);
    }
    // Cloned while every node is still unhashed.
    const fork = original.clone();
    const forkModel = new Model();
    for (const [key, value] of originalModel.entries.values()) forkModel.set(key, value);

    for (let i = 0; i < 300; i++) {
      const forkKey = keyOf(Math.floor(random() * 600));
      const forkValue = random() < 0.2 ? null : randomBytes(random, 20);
      fork.set(forkKey, forkValue);
      forkModel.set(forkKey, forkValue);
      const originalKey = keyOf(Math.floor(random() * 600));
      const originalValue = random() < 0.2 ? null : randomBytes(random, 50);
      original.set(originalKey, originalValue);
      originalModel.set(originalKey, originalValue);
      if (i % 50 === 0) {
        expect(hex(original.root())).toBe(originalModel.root(1));
        const snapshot = original.clone();
        expect(hex(snapshot.root())).toBe(originalModel.root(1));
      }
    }
    expect(hex(fork.root())).toBe(forkModel.root(1));
    expect(hex(original.root())).toBe(originalModel.root(1));
  });
  it('keeps forks right when cloned with changes not yet hashed, whichever side hashes first', () => {
    const random = seededRandom(5);
    const prefix = randomBytes(random, 32);
    const keys = Array.from({ length: 3000 }, () => Uint8Array.from([...prefix, ...randomBytes(random, 48)]));
    const base = new IncrementalTrie();
    const baseModel = new Model();
    for (const key of keys) {
      const value = randomBytes(random, 80);
      base.set(key, value);
      baseModel.set(key, value);
    }
    base.root();

    const tries = [base];
    const models = [baseModel];
    for (let round = 0; round < 30; round++) {
      const side = Math.floor(random() * tries.length);
      for (let change = 0; change < 50; change++) {
        const key = keys[Math.floor(random() * keys.length)];
        const value = random() < 0.1 ? null : randomBytes(random, random() < 0.5 ? 80 : 8);
        tries[side].set(key, value);
        models[side].set(key, value);
      }
      if (round % 3 === 0) {
        tries.push(tries[side].clone());
        const forkModel = new Model();
        for (const [key, value] of models[side].entries.values()) forkModel.set(key, value);
        models.push(forkModel);
      }
      const checked = Math.floor(random() * tries.length);
      expect(hex(tries[checked].root())).toBe(models[checked].root(1));
    }
    tries.forEach((trie, i) => {
      expect(hex(trie.root())).toBe(models[i].root(1));
    });
  });
});
