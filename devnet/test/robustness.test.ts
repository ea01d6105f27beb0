/**
 * Garbage in, errors out, node alive: malformed JSON, random bytes, invalid UTF-8, huge messages and
 * wrongly typed params on every listed method, over WebSocket and HTTP. Afterwards the node still
 * answers, produces blocks and includes transactions, and it reported no internal fault.
 * The "random" inputs come from a seeded generator, so every run sends the same bytes.
 */
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../src/testing/seeded-random.ts';
import {
  BZR,
  eventNames,
  httpPost,
  type JsonRpcResponse,
  RawWsClient,
  signAndWatch,
  startTestNode,
  type TestNode,
} from './helpers.ts';

let node: TestNode;
let methods: string[];

beforeAll(async () => {
  node = await startTestNode();
  methods = ((await node.rpc('rpc_methods')).result as { methods: string[] }).methods;
});

afterAll(async () => {
  await node?.close();
});

/** mulberry32: a small seeded PRNG, for reproducible "random" bytes. */
function seededBytes(seed: number) {
  const next = seededRandom(seed);
  return (maxLength: number) => {
    const bytes = new Uint8Array(1 + Math.floor(next() * maxLength));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
    return bytes;
  };
}

const MALFORMED_JSON = [
  '{',
  '}',
  '{"jsonrpc":"2.0","id":1,"method":"system_health"',
  '{"jsonrpc":"2.0","id":1,"method":"system_health",}',
  '{"jsonrpc":"2.0" "id":1}',
  "{'jsonrpc':'2.0','id':1,'method':'system_health'}",
  '[{"jsonrpc":"2.0","id":1,"method":"system_health"},',
  '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[0x01]}',
  '{"jsonrpc":"2.0","id":NaN,"method":"system_health"}',
  '{"a":"\\u12"}',
  '[[[[[[[[[[',
  `${'['.repeat(100_000)}`,
  'undefined',
  'nul',
];

const HUGE = 'a'.repeat(8 * 1024 * 1024);

/** Params of every wrong shape: each listed method gets each of these. */
const WRONG_PARAMS: unknown[] = [
  [1],
  [-1],
  [1e300],
  [2 ** 53],
  [true],
  ['x'],
  ['0x'],
  ['0xzz'],
  [`0x${'ff'.repeat(40)}`],
  [`0x${'00'.repeat(32)}`, `0x${'00'.repeat(32)}`, `0x${'00'.repeat(32)}`],
  [{}],
  [{ count: 'x', to: {} }],
  [[]],
  [[['nested']]],
  [null, null, null, null, null],
  ['a'.repeat(1024 * 1024)],
  { named: 1 },
  'not-an-array',
  42,
];

function expectError(response: unknown, codes: number[]) {
  const { error, result } = response as JsonRpcResponse;
  expect(result).toBeUndefined();
  expect(codes).toContain(error?.code);
}

describe('over WebSocket', () => {
  it('answers malformed JSON with -32700 Parse error (id null) and keeps the connection', async () => {
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      for (const text of MALFORMED_JSON) {
        ws.send(text);
        expect(await ws.next()).toEqual({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32700, message: 'Parse error' },
        });
      }
      expect((await ws.call('system_health')).result).toBeDefined();
    } finally {
      await ws.close();
    }
  });

  it('answers invalid UTF-8 and random binary frames with errors and keeps the connection', async () => {
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    const random = seededBytes(20_260_101);
    try {
      const invalidUtf8 = [
        new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
        new Uint8Array([...new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"method":"'), 0xc3, 0x28, 0x22, 0x7d]),
        new Uint8Array([0xed, 0xa0, 0x80]),
      ];
      for (const bytes of invalidUtf8) {
        ws.send(bytes, { binary: false });
        expectError(await ws.next(), [-32700]);
      }
      for (let i = 0; i < 200; i++) {
        ws.send(random(512), { binary: i % 2 === 0 });
        expectError(await ws.next(), [-32700, -32600]);
      }
      expect((await ws.call('system_health')).result).toBeDefined();
    } finally {
      await ws.close();
    }
  });

  it('handles huge strings: in params (answered), as a method name (-32601), beyond the size limit (-32007)', async () => {
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      expect((await ws.call('system_health', [HUGE])).result).toEqual({
        peers: 0,
        isSyncing: false,
        shouldHavePeers: false,
      });
      expectError(await ws.call('state_getStorage', [HUGE]), [-32602]);
      expect((await ws.call(HUGE.slice(0, 1024 * 1024))).error).toEqual({ code: -32601, message: 'Method not found' });
      ws.send(
        JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'system_health', params: ['b'.repeat(16 * 1024 * 1024)] }),
      );
      expect((await ws.next()) as JsonRpcResponse).toMatchObject({ error: { code: -32007 } });
      expect((await ws.call('system_health')).result).toBeDefined();
    } finally {
      await ws.close();
    }
  });

  it('answers wrongly typed params on every listed method with an error or a result, never an internal fault', async () => {
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      for (const method of methods) {
        for (const params of WRONG_PARAMS) {
          const response = await ws.call(method, params);
          const context = { method, params: JSON.stringify(params).slice(0, 80) };
          expect({ ...context, answered: 'result' in response || 'error' in response }).toEqual({
            ...context,
            answered: true,
          });
          expect({ ...context, code: response.error?.code }).not.toEqual({ ...context, code: -32603 });
          expect({ ...context, code: response.error?.code }).not.toEqual({ ...context, code: -32601 });
        }
      }
    } finally {
      await ws.close();
    }
    expect(node.errors()).toEqual([]);
  });

  it('answers an unknown method with -32601 and bad params with -32602', async () => {
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      expect((await ws.call('chain_getBlockHashes', [1])).error).toEqual({ code: -32601, message: 'Method not found' });
      expect((await ws.call('chain_getBlockHash', ['abc'])).error).toMatchObject({
        code: -32602,
        message: 'Invalid params',
      });
      expect((await ws.call('state_getStorage', [42])).error).toMatchObject({ code: -32602 });
      expect((await ws.call('system_health', { named: true })).error).toMatchObject({ code: -32602 });
    } finally {
      await ws.close();
    }
  });

  it('refuses random bytes as an extrinsic with 1001/1002 (bad format / verification error)', async () => {
    const random = seededBytes(42);
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      for (let i = 0; i < 100; i++) {
        const extrinsic = u8aToHex(random(300));
        expectError(await ws.call('author_submitExtrinsic', [extrinsic]), [1001, 1002]);
        expectError(await ws.call('author_submitAndWatchExtrinsic', [extrinsic]), [1001, 1002]);
      }
    } finally {
      await ws.close();
    }
  });
});

describe('over HTTP', () => {
  it('answers malformed JSON, invalid UTF-8 and random bodies with -32700, oversized ones with -32007', async () => {
    const { httpUrl } = node.devnet;
    for (const text of MALFORMED_JSON) {
      const { status, json } = await httpPost(httpUrl, text);
      expect([200, 400]).toContain(status);
      expect(json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    const invalidUtf8 = await httpPost(httpUrl, new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expectError(invalidUtf8.json, [-32700]);
    const random = seededBytes(7);
    for (let i = 0; i < 100; i++) {
      const { status, json } = await httpPost(httpUrl, random(512));
      expect([200, 400]).toContain(status);
      expectError(json, [-32700, -32600]);
    }
    const oversized = await httpPost(httpUrl, 'x'.repeat(16 * 1024 * 1024));
    expect(oversized.status).toBe(413);
    expectError(oversized.json, [-32007]);
  });

  it('answers a batch of every listed method with each wrong params shape, never an internal fault', async () => {
    // Each batch stays under the 15 MiB request limit: a 64 KiB string stands in for the 1 MiB one.
    const shapes = WRONG_PARAMS.map((params) =>
      Array.isArray(params) && typeof params[0] === 'string' && params[0].length > 64 * 1024
        ? ['a'.repeat(64 * 1024)]
        : params,
    );
    for (const params of shapes) {
      const batch = methods.map((method, id) => ({ jsonrpc: '2.0', id, method, params }));
      const { status, json } = await httpPost(node.devnet.httpUrl, JSON.stringify(batch));
      expect(status).toBe(200);
      const responses = json as JsonRpcResponse[];
      expect(responses.map((response) => response.id)).toEqual(methods.map((_, id) => id));
      for (const response of responses) {
        const context = { method: methods[response.id as number], params: JSON.stringify(params).slice(0, 80) };
        // Subscriptions are WebSocket-only: over HTTP they are refused with -32603 and a data saying so.
        const code =
          response.error?.data === 'Subscriptions are only available over WebSocket' ? 'ws-only' : response.error?.code;
        expect({ ...context, code }).not.toEqual({ ...context, code: -32603 });
        expect({ ...context, code }).not.toEqual({ ...context, code: -32601 });
      }
    }
    expect(node.errors()).toEqual([]);
  });
});

describe('after the barrage', () => {
  it('still answers system_health, produces blocks and includes transactions', async () => {
    const { api, accounts } = node;
    expect((await api.rpc.system.health()).toJSON()).toEqual({ peers: 0, isSyncing: false, shouldHavePeers: false });
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const hash = await node.newBlock();
    expect((await api.rpc.chain.getHeader(hash)).number.toNumber()).toBe(head + 1);
    const { result } = await signAndWatch(api.tx.balances.transferKeepAlive(accounts.Bob.address, BZR), accounts.Alice);
    expect(eventNames(result.events).at(-1)).toBe('system.ExtrinsicSuccess');
    const timestamp = (await api.query.timestamp.now()).toNumber();
    expect(timestamp).toBeGreaterThan(0);
    expect(node.errors()).toEqual([]);
  });
});
