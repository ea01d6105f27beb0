import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChainDatabase,
  InvalidBlockError,
  type StateDiff,
  type StoredBlock,
  UnknownBlockError,
} from '../src/database/chain-database.ts';
import { seededRandom } from '../src/testing/seeded-random.ts';

const CHAIN_DATABASE_MODULE = fileURLToPath(new URL('../src/database/chain-database.ts', import.meta.url));
const DEVNET_DIRECTORY = dirname(fileURLToPath(new URL('../package.json', import.meta.url)));

const openDatabases: ChainDatabase[] = [];
const temporaryDirectories: string[] = [];

afterEach(async () => {
  await Promise.all(openDatabases.splice(0).map((database) => database.close()));
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function openInMemory(): ChainDatabase {
  const database = ChainDatabase.open({ inMemory: true });
  openDatabases.push(database);
  return database;
}

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'chain-database-test-'));
  temporaryDirectories.push(directory);
  return directory;
}

function hashOf(label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest());
}

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decodeText = (value: Uint8Array | null): string | null =>
  value === null ? null : new TextDecoder().decode(value);

const ZERO_HASH = new Uint8Array(32);

function makeBlock(label: string, parent: StoredBlock | undefined, extrinsicCount = 2): StoredBlock {
  const number = parent === undefined ? 0 : parent.number + 1;
  return {
    hash: hashOf(label),
    number,
    parentHash: parent?.hash ?? ZERO_HASH,
    header: text(`header of ${label}`),
    extrinsics: Array.from({ length: extrinsicCount }, (_, index) => text(`${label}/extrinsic ${index}`)),
  };
}

/** A diff from `{ '0x…': 'value' | null }`, values given as text. */
function diffOf(changes: Record<string, string | null>): StateDiff {
  return new Map(Object.entries(changes).map(([key, value]) => [key, value === null ? null : text(value)]));
}

function readText(database: ChainDatabase, block: StoredBlock, key: string): string | null {
  return decodeText(database.getStorage(block.hash, key));
}

function pagedKeys(database: ChainDatabase, block: StoredBlock, prefix: string, count: number, startKey?: string) {
  return database.getKeysPaged(block.hash, prefix, count, startKey).map(hex);
}

describe('ChainDatabase: blocks and state history', () => {
  it('reads the state after genesis and each of 3 blocks', async () => {
    const database = openInMemory();
    const genesis = makeBlock('genesis', undefined);
    const block1 = makeBlock('block 1', genesis);
    const block2 = makeBlock('block 2', block1);
    const block3 = makeBlock('block 3', block2);
    await database.putBlock(genesis, diffOf({ '0x01': 'a0', '0x02': 'b0', '0x03': 'c0' }), { setHead: true });
    await database.putBlock(block1, diffOf({ '0x01': 'a1' }), { setHead: true });
    await database.putBlock(block2, diffOf({ '0x02': null, '0x04': 'd2' }), { setHead: true });
    await database.putBlock(block3, diffOf({ '0x01': 'a3', '0x02': 'b3' }), { setHead: true });

    const expected: Record<string, (string | null)[]> = {
      '0x01': ['a0', 'a1', 'a1', 'a3'],
      '0x02': ['b0', 'b0', null, 'b3'],
      '0x03': ['c0', 'c0', 'c0', 'c0'],
      '0x04': [null, null, 'd2', 'd2'],
      '0x05': [null, null, null, null],
    };
    const blocks = [genesis, block1, block2, block3];
    for (const [key, values] of Object.entries(expected)) {
      expect(blocks.map((block) => readText(database, block, key))).toEqual(values);
    }
    expect(decodeText(database.getStorage(hex(block2.hash), Uint8Array.of(4)))).toBe('d2');

    expect(database.getHead()?.hash).toEqual(block3.hash);
    expect(blocks.map((block) => database.getCanonicalHash(block.number))).toEqual(blocks.map((block) => block.hash));
    expect(database.getCanonicalHash(4)).toBeUndefined();
    expect(database.getCanonicalHash(-1)).toBeUndefined();
  });

  it('round-trips blocks, by bytes or hex hash', async () => {
    const database = openInMemory();
    const genesis = makeBlock('genesis', undefined, 0);
    const block1 = makeBlock('block 1', genesis, 3);
    await database.putBlock(genesis, diffOf({}));
    await database.putBlock(block1, diffOf({}));

    for (const block of [genesis, block1]) {
      expect(database.getBlock(block.hash)).toEqual(block);
      expect(database.getBlock(hex(block.hash))).toEqual(block);
      expect(database.hasBlock(hex(block.hash))).toBe(true);
    }
    expect(database.getBlock(hashOf('missing'))).toBeUndefined();
    expect(database.hasBlock(hashOf('missing'))).toBe(false);
    expect(() => database.getBlock('0xnot hex')).toThrow(TypeError);
  });

  it('tells a deleted key from an empty value, and a key from its extensions', async () => {
    const database = openInMemory();
    const genesis = makeBlock('genesis', undefined);
    const block1 = makeBlock('block 1', genesis);
    await database.putBlock(genesis, diffOf({ '0xaa': '', '0xaa00': 'x', '0xaa0000': 'y' }));
    await database.putBlock(block1, diffOf({ '0xaa': null, '0xaa00': '' }));

    expect(database.getStorage(genesis.hash, '0xaa')).toEqual(new Uint8Array());
    expect(database.getStorage(block1.hash, '0xaa')).toBeNull();
    expect(database.getStorage(block1.hash, '0xaa00')).toEqual(new Uint8Array());
    expect(readText(database, block1, '0xaa0000')).toBe('y');
    expect(database.getStorage(block1.hash, '0x')).toBeNull();
  });

  it('pages keys by prefix, start key and count at various heights', async () => {
    const database = openInMemory();
    const genesis = makeBlock('genesis', undefined);
    const block1 = makeBlock('block 1', genesis);
    const block2 = makeBlock('block 2', block1);
    const genesisKeys = ['0xa9ff', '0xaa', '0xaa00', '0xaa0000', '0xaa0001', '0xaa01', '0xaaff', '0xaaffff', '0xab'];
    await database.putBlock(genesis, diffOf(Object.fromEntries(genesisKeys.map((key) => [key, key]))));
    await database.putBlock(block1, diffOf({ '0xaa00': null, '0xaa0002': 'new', '0xaaffff': 'changed' }));
    await database.putBlock(block2, diffOf({ '0xaa00': 'back', '0xaa0001': null }));

    expect(pagedKeys(database, genesis, '0xaa', 100)).toEqual([
      '0xaa',
      '0xaa00',
      '0xaa0000',
      '0xaa0001',
      '0xaa01',
      '0xaaff',
      '0xaaffff',
    ]);
    expect(pagedKeys(database, block1, '0xaa', 100)).toEqual([
      '0xaa',
      '0xaa0000',
      '0xaa0001',
      '0xaa0002',
      '0xaa01',
      '0xaaff',
      '0xaaffff',
    ]);
    expect(pagedKeys(database, block2, '0xaa00', 100)).toEqual(['0xaa00', '0xaa0000', '0xaa0002']);
    expect(pagedKeys(database, block2, '0xaaff', 100)).toEqual(['0xaaff', '0xaaffff']);
    expect(pagedKeys(database, block2, '0x', 100)).toEqual([
      '0xa9ff',
      '0xaa',
      '0xaa00',
      '0xaa0000',
      '0xaa0002',
      '0xaa01',
      '0xaaff',
      '0xaaffff',
      '0xab',
    ]);

    expect(pagedKeys(database, block1, '0xaa', 2)).toEqual(['0xaa', '0xaa0000']);
    expect(pagedKeys(database, block1, '0xaa', 2, '0xaa0000')).toEqual(['0xaa0001', '0xaa0002']);
    expect(
      database.getEntriesPaged(block1.hash, '0xaa', 2, '0xaa0000').map(([key, value]) => [hex(key), decodeText(value)]),
    ).toEqual([
      ['0xaa0001', '0xaa0001'],
      ['0xaa0002', 'new'],
    ]);
    expect(pagedKeys(database, block1, '0xaa', 2, '0xaa00')).toEqual(['0xaa0000', '0xaa0001']);
    expect(pagedKeys(database, block1, '0xaa', 100, '0xaa0003')).toEqual(['0xaa01', '0xaaff', '0xaaffff']);
    expect(pagedKeys(database, block1, '0xaa', 100, '0xaaffff')).toEqual([]);
    expect(pagedKeys(database, block1, '0xaa', 1, '0x00')).toEqual(['0xaa']);
    expect(pagedKeys(database, block1, '0xaa', 1, '0xab')).toEqual([]);
    expect(pagedKeys(database, block1, '0xaa', 0)).toEqual([]);
    expect(pagedKeys(database, block1, '0xac', 10)).toEqual([]);

    const longerThanStorable = (start: string, filler: string) => `${start}${filler.repeat(2_000)}`;
    expect(pagedKeys(database, block1, '0xaa', 100, longerThanStorable('0xaa01', 'ff'))).toEqual([
      '0xaaff',
      '0xaaffff',
    ]);
    expect(pagedKeys(database, block1, '0xaa', 2, longerThanStorable('0xaa00', '00'))).toEqual([
      '0xaa0001',
      '0xaa0002',
    ]);
    expect(pagedKeys(database, block1, longerThanStorable('0xaa', '00'), 10)).toEqual([]);
    expect(database.getStorage(block1.hash, longerThanStorable('0xaa', '00'))).toBeNull();
  });

  it('rejects blocks that do not extend the stored tree, atomically', async () => {
    const database = openInMemory();
    const genesis = makeBlock('genesis', undefined);
    await database.putBlock(genesis, diffOf({ '0x01': 'a' }), { setHead: true });

    const orphan = makeBlock('orphan', makeBlock('unknown parent', genesis));
    await expect(database.putBlock(orphan, diffOf({}))).rejects.toBeInstanceOf(UnknownBlockError);
    const wrongNumber = { ...makeBlock('wrong number', genesis), number: 5 };
    await expect(database.putBlock(wrongNumber, diffOf({}))).rejects.toBeInstanceOf(InvalidBlockError);
    await expect(database.putBlock({ ...genesis, hash: new Uint8Array(31) }, diffOf({}))).rejects.toBeInstanceOf(
      InvalidBlockError,
    );
    const tooLongKey = hex(new Uint8Array(2000).fill(1));
    const block1 = makeBlock('block 1', genesis);
    await expect(database.putBlock(block1, diffOf({ '0x02': 'b', [tooLongKey]: 'x' }))).rejects.toBeInstanceOf(
      RangeError,
    );
    expect(database.hasBlock(block1.hash)).toBe(false);
    expect(database.hasBlock(orphan.hash)).toBe(false);
    expect(database.hasBlock(wrongNumber.hash)).toBe(false);

    await expect(database.setHead(hashOf('missing'))).rejects.toBeInstanceOf(UnknownBlockError);
    await expect(database.setFinalized(hashOf('missing'))).rejects.toBeInstanceOf(UnknownBlockError);
    expect(() => database.getStorage(hashOf('missing'), '0x01')).toThrow(UnknownBlockError);
    expect(() => database.getKeysPaged(hashOf('missing'), '0x', 1)).toThrow(UnknownBlockError);
    expect(database.getHead()?.hash).toEqual(genesis.hash);
  });

  it('ignores storing an already stored block again', async () => {
    const database = openInMemory();
    const genesis = makeBlock('genesis', undefined);
    await database.putBlock(genesis, diffOf({ '0x01': 'a' }));
    await database.putBlock(genesis, diffOf({ '0x01': 'other', '0x02': 'b' }), { setHead: true });
    expect(readText(database, genesis, '0x01')).toBe('a');
    expect(readText(database, genesis, '0x02')).toBeNull();
    expect(database.getHead()?.hash).toEqual(genesis.hash);
  });

  it('stores head, finalized and metadata', async () => {
    const database = openInMemory();
    expect(database.getHead()).toBeUndefined();
    expect(database.getFinalized()).toBeUndefined();
    expect(database.getMeta('mode')).toBeUndefined();
    const genesis = makeBlock('genesis', undefined);
    const block1 = makeBlock('block 1', genesis);
    await database.putBlock(genesis, diffOf({}));
    await database.putBlock(block1, diffOf({}));
    await database.setHead(block1.hash);
    await database.setFinalized(hex(genesis.hash));
    await database.putMeta('mode', text('instant'));
    expect(database.getHead()).toEqual(block1);
    expect(database.getFinalized()).toEqual(genesis);
    expect(decodeText(database.getMeta('mode') ?? null)).toBe('instant');
  });
});

describe('ChainDatabase: forks', () => {
  /**
   * genesis ─ 1 ─ 2a ─ 3a   (branch A)
   *            └─ 2b ─ 3b ─ 4b   (branch B, built after setHead(1))
   */
  async function buildForks(database: ChainDatabase) {
    const genesis = makeBlock('genesis', undefined);
    const block1 = makeBlock('1', genesis);
    const block2a = makeBlock('2a', block1);
    const block3a = makeBlock('3a', block2a);
    const block2b = makeBlock('2b', block1);
    const block3b = makeBlock('3b', block2b);
    const block4b = makeBlock('4b', block3b);
    await database.putBlock(genesis, diffOf({ '0x01': 'x0', '0x02': 'y0' }), { setHead: true });
    await database.putBlock(block1, diffOf({ '0x01': 'x1' }), { setHead: true });
    await database.putBlock(block2a, diffOf({ '0x01': 'x2a', '0x0a': 'only on A', '0x02': null }), { setHead: true });
    await database.putBlock(block3a, diffOf({ '0x01': 'x3a' }), { setHead: true });
    await database.setHead(block1.hash);
    await database.putBlock(block2b, diffOf({ '0x01': 'x2b', '0x0b': 'only on B' }), { setHead: true });
    await database.putBlock(block3b, diffOf({ '0x02': 'y3b' }), { setHead: true });
    await database.putBlock(block4b, diffOf({ '0x0b': null }), { setHead: true });
    return { genesis, block1, block2a, block3a, block2b, block3b, block4b };
  }

  it('keeps each branch its own values once the head moved to the other', async () => {
    const database = openInMemory();
    const { genesis, block1, block2a, block3a, block2b, block3b, block4b } = await buildForks(database);

    expect(database.getHead()?.hash).toEqual(block4b.hash);
    expect([0, 1, 2, 3, 4].map((number) => database.getCanonicalHash(number))).toEqual(
      [genesis, block1, block2b, block3b, block4b].map((block) => block.hash),
    );
    expect(database.getBlock(block3a.hash)).toEqual(block3a);

    const read = (block: StoredBlock) => ['0x01', '0x02', '0x0a', '0x0b'].map((key) => readText(database, block, key));
    const branchA = () => [read(block2a), read(block3a)];
    const branchB = () => [read(block2b), read(block3b), read(block4b)];
    const expectedA = [
      ['x2a', null, 'only on A', null],
      ['x3a', null, 'only on A', null],
    ];
    const expectedB = [
      ['x2b', 'y0', null, 'only on B'],
      ['x2b', 'y3b', null, 'only on B'],
      ['x2b', 'y3b', null, null],
    ];
    expect(branchA()).toEqual(expectedA);
    expect(branchB()).toEqual(expectedB);
    expect(pagedKeys(database, block3a, '0x', 10)).toEqual(['0x01', '0x0a']);
    expect(pagedKeys(database, block3b, '0x', 10)).toEqual(['0x01', '0x02', '0x0b']);

    await database.setHead(block3a.hash);
    expect([2, 3, 4].map((number) => database.getCanonicalHash(number))).toEqual([
      block2a.hash,
      block3a.hash,
      undefined,
    ]);
    expect(branchA()).toEqual(expectedA);
    expect(branchB()).toEqual(expectedB);
    expect(read(block1)).toEqual(['x1', 'y0', null, null]);

    await database.setHead(genesis.hash);
    expect(database.getCanonicalHash(1)).toBeUndefined();
    expect(branchA()).toEqual(expectedA);
    expect(branchB()).toEqual(expectedB);
  });

  it('matches an in-memory model on a random block tree with random head moves', async () => {
    const database = openInMemory();
    const random = seededRandom(42);
    const keySpace = ['0x', '0x00', '0x0000', '0x0001', '0x01', '0x0100', '0x01ff', '0xff', '0xff00', '0xffff', '0x7f'];
    const randomKey = () => keySpace[Math.floor(random() * keySpace.length)];

    const genesis = makeBlock('genesis', undefined);
    const genesisState = new Map(keySpace.filter(() => random() < 0.5).map((key) => [key, `genesis:${key}`]));
    await database.putBlock(genesis, diffOf(Object.fromEntries(genesisState)), { setHead: true });
    const blocks = [genesis];
    const stateAfter = new Map<StoredBlock, Map<string, string>>([[genesis, genesisState]]);

    for (let index = 0; index < 120; index++) {
      // Mostly extend recent blocks so that branches get long, sometimes fork off an old one.
      const parent = random() < 0.8 ? blocks[blocks.length - 1 - Math.floor(random() * 3)] : blocks[0];
      const block = makeBlock(`block ${index}`, parent ?? genesis);
      const changes: Record<string, string | null> = {};
      for (let change = 0; change < 3; change++) changes[randomKey()] = random() < 0.3 ? null : `${index}:${change}`;
      const state = new Map(stateAfter.get(parent ?? genesis));
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) state.delete(key);
        else state.set(key, value);
      }
      stateAfter.set(block, state);
      blocks.push(block);
      await database.putBlock(block, diffOf(changes), { setHead: random() < 0.7 });
      if (random() < 0.1) await database.setHead(blocks[Math.floor(random() * blocks.length)].hash);

      if (index % 20 === 19) expectMatchesModel(database, stateAfter, keySpace);
    }
  });
});

function expectMatchesModel(
  database: ChainDatabase,
  stateAfter: Map<StoredBlock, Map<string, string>>,
  keySpace: string[],
): void {
  const head = database.getHead();
  for (let block = head; block !== undefined; block = database.getBlock(block.parentHash)) {
    expect(database.getCanonicalHash(block.number)).toEqual(block.hash);
  }
  expect(database.getCanonicalHash((head?.number ?? -1) + 1)).toBeUndefined();

  const sortedKeys = (keys: Iterable<string>) => [...keys].sort((a, b) => Buffer.compare(bytes(a), bytes(b)));
  for (const [block, state] of stateAfter) {
    for (const key of keySpace) expect(readText(database, block, key)).toBe(state.get(key) ?? null);
    const presentKeys = sortedKeys(state.keys());
    expect(pagedKeys(database, block, '0x', 100)).toEqual(presentKeys);
    const entries = database
      .getEntriesPaged(block.hash, '0x', 100)
      .map(([key, value]) => [hex(key), decodeText(value)]);
    expect(entries).toEqual(presentKeys.map((key) => [key, state.get(key)]));
    for (const prefix of ['0x00', '0x01', '0xff']) {
      const withPrefix = presentKeys.filter((key) => key.startsWith(prefix));
      const paged: string[] = [];
      for (let page = pagedKeys(database, block, prefix, 2); page.length > 0; ) {
        paged.push(...page);
        page = pagedKeys(database, block, prefix, 2, page[page.length - 1]);
      }
      expect(paged).toEqual(withPrefix);
    }
  }
}

const bytes = (hexKey: string): Uint8Array => Buffer.from(hexKey.slice(2), 'hex');

describe('ChainDatabase: persistence', () => {
  it('finds everything again after close and reopen', async () => {
    const path = temporaryDirectory();
    const genesis = makeBlock('genesis', undefined);
    const block1 = makeBlock('block 1', genesis);
    const block2 = makeBlock('block 2', block1);
    const first = ChainDatabase.open({ path });
    await first.putBlock(genesis, diffOf({ '0x01': 'a', '0x02': 'b' }), { setHead: true });
    await first.putBlock(block1, diffOf({ '0x01': null }), { setHead: true });
    await first.putBlock(block2, diffOf({ '0x03': 'c' }));
    await first.setFinalized(genesis.hash);
    await first.putMeta('spec', text('dev'));
    await first.close();

    const reopened = ChainDatabase.open({ path });
    openDatabases.push(reopened);
    expect(reopened.getHead()).toEqual(block1);
    expect(reopened.getFinalized()).toEqual(genesis);
    expect(reopened.getBlock(block2.hash)).toEqual(block2);
    expect(reopened.getCanonicalHash(1)).toEqual(block1.hash);
    expect(reopened.getCanonicalHash(2)).toBeUndefined();
    expect(readText(reopened, block1, '0x01')).toBeNull();
    expect(readText(reopened, block2, '0x03')).toBe('c');
    expect(pagedKeys(reopened, block2, '0x', 10)).toEqual(['0x02', '0x03']);
    expect(decodeText(reopened.getMeta('spec') ?? null)).toBe('dev');
  });

  it('keeps every acknowledged write when the writer is killed with SIGKILL', async () => {
    const path = temporaryDirectory();
    for (const [round, killAfter] of [15, 40, 25].entries()) {
      const log = await runWriterUntilKilled(path, round, killAfter);
      expect(log.filter((entry) => entry.done).length).toBeGreaterThanOrEqual(killAfter);

      const database = ChainDatabase.open({ path });
      for (const entry of log) {
        if (entry.op !== 'put' || !entry.done) continue;
        expect(database.hasBlock(entry.hash)).toBe(true);
        expect(decodeText(database.getStorage(entry.hash, COUNTER_KEY))).toBe(entry.hash);
      }
      // The head is the last acknowledged one, or the one being written when the writer died.
      const lastDone = log.findLastIndex((entry) => entry.done);
      const possibleHeads = log.slice(lastDone).map((entry) => entry.head);
      const head = database.getHead();
      expect(head).toBeDefined();
      expect(possibleHeads).toContain(hex(head?.hash ?? ZERO_HASH));
      for (let block = head; block !== undefined; block = database.getBlock(block.parentHash)) {
        expect(database.getCanonicalHash(block.number)).toEqual(block.hash);
      }
      expect(database.getCanonicalHash((head?.number ?? 0) + 1)).toBeUndefined();
      await database.close();
    }
  });
});

const COUNTER_KEY = '0xc0c0';

interface WriterLogEntry {
  op: 'put' | 'setHead';
  hash: string;
  head: string;
  done: boolean;
}

/**
 * Runs a child process that keeps importing blocks (moving its head back to fork every few blocks) and logs each
 * operation before starting it and once it resolved; kills it with SIGKILL after `killAfter` acknowledged writes.
 */
async function runWriterUntilKilled(path: string, round: number, killAfter: number): Promise<WriterLogEntry[]> {
  const writer = `
    const { createHash } = await import('node:crypto');
    const { ChainDatabase } = await import(${JSON.stringify(CHAIN_DATABASE_MODULE)});
    const database = ChainDatabase.open({ path: ${JSON.stringify(path)} });
    const hex = (bytes) => '0x' + Buffer.from(bytes).toString('hex');
    const log = (entry) => process.stdout.write(JSON.stringify(entry) + '\\n');
    let head = database.getHead();
    for (let index = 0; ; index++) {
      if (head !== undefined && index % 7 === 6 && head.number > 2) {
        const target = database.getBlock(database.getBlock(head.parentHash).parentHash);
        log({ op: 'setHead', hash: hex(target.hash), head: hex(target.hash), done: false });
        await database.setHead(target.hash);
        log({ op: 'setHead', hash: hex(target.hash), head: hex(target.hash), done: true });
        head = target;
        continue;
      }
      const hash = createHash('sha256').update('round ${round} block ' + index).digest();
      const block = {
        hash,
        number: head === undefined ? 0 : head.number + 1,
        parentHash: head?.hash ?? new Uint8Array(32),
        header: hash,
        extrinsics: [hash, hash],
      };
      const diff = new Map([[${JSON.stringify(COUNTER_KEY)}, new TextEncoder().encode(hex(hash))]]);
      for (let key = 0; key < 500; key++) diff.set('0x' + createHash('sha256').update(String(key)).digest('hex'), hash);
      log({ op: 'put', hash: hex(hash), head: hex(hash), done: false });
      await database.putBlock(block, diff, { setHead: true });
      log({ op: 'put', hash: hex(hash), head: hex(hash), done: true });
      head = block;
    }
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', writer], {
    cwd: DEVNET_DIRECTORY,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entries: WriterLogEntry[] = [];
  let pending = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) entries.push(JSON.parse(line) as WriterLogEntry);
    if (entries.filter((entry) => entry.done).length >= killAfter) child.kill('SIGKILL');
  });
  const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, exitSignal) => resolve([code, exitSignal])),
  );
  if (signal !== 'SIGKILL') throw new Error(`The writer exited on its own: ${errors}`);
  return entries;
}

describe('ChainDatabase: micro-benchmark (figures are logged, not asserted)', () => {
  it('imports blocks of 2,000 key changes and serves historic reads', async () => {
    const database = ChainDatabase.open({ path: temporaryDirectory() });
    openDatabases.push(database);
    const random = seededRandom(7);
    const eventsKey = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7';
    const accountKeys = Array.from({ length: 20_000 }, () => hex(randomBytes(32 + Math.floor(random() * 49))));
    const blockCount = 20;
    const changesPerBlock = 2_000;
    const extrinsicsPerBlock = 2_000;

    const genesis = makeBlock('genesis', undefined, 0);
    await database.putBlock(genesis, new Map(accountKeys.map((key) => [key, randomBytes(80)])), { setHead: true });
    const imports: { block: StoredBlock; diff: StateDiff }[] = [];
    for (let parent = genesis; imports.length < blockCount; parent = imports[imports.length - 1].block) {
      const block = {
        ...makeBlock(`block ${imports.length + 1}`, parent, 0),
        extrinsics: Array.from({ length: extrinsicsPerBlock }, () => randomBytes(150)),
      };
      const diff = new Map<string, Uint8Array | null>([[eventsKey, randomBytes(2_000)]]);
      while (diff.size < changesPerBlock) {
        diff.set(accountKeys[Math.floor(random() * accountKeys.length)], random() < 0.05 ? null : randomBytes(80));
      }
      imports.push({ block, diff });
    }

    let started = performance.now();
    for (const { block, diff } of imports) await database.putBlock(block, diff, { setHead: true });
    const importSeconds = (performance.now() - started) / 1000;

    const blocks = [genesis, ...imports.map(({ block }) => block)];
    const randomBlock = () => blocks[Math.floor(random() * blocks.length)];
    const readCount = 100_000;
    const reads = Array.from({ length: readCount }, (_, index) => ({
      block: randomBlock().hash,
      key: bytes(index % 2 === 0 ? eventsKey : accountKeys[Math.floor(random() * accountKeys.length)]),
    }));
    started = performance.now();
    for (const { block, key } of reads) database.getStorage(block, key);
    const readSeconds = (performance.now() - started) / 1000;

    const pairCount = 2_000;
    const pairBlocks = Array.from({ length: pairCount }, () => randomBlock().hash);
    const events = bytes(eventsKey);
    started = performance.now();
    for (const hash of pairBlocks) {
      database.getBlock(hash);
      database.getStorage(hash, events);
    }
    const pairSeconds = (performance.now() - started) / 1000;

    console.log(
      [
        `putBlock (${changesPerBlock} key changes, ${extrinsicsPerBlock} extrinsics, durable): ` +
          `${((importSeconds / blockCount) * 1000).toFixed(1)} ms/block, ` +
          `${Math.round((blockCount * changesPerBlock) / importSeconds)} key changes/s`,
        `getStorage at random historic blocks: ${Math.round(readCount / readSeconds)} reads/s`,
        `getBlock (${extrinsicsPerBlock} extrinsics) + getStorage(System.Events): ` +
          `${Math.round(pairCount / pairSeconds)} blocks/s`,
      ].join('\n'),
    );
    expect(database.getHead()?.hash).toEqual(imports[blockCount - 1].block.hash);
  });
});
