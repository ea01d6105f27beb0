/**
 * The dev signer of `@bazari/devnet/testing`, used as a dApp uses the polkadot{.js} extension's injected signer:
 * `signAndSend(address, { signer })` with the payload JSON @polkadot/api hands it, and `signRaw` for messages.
 */
import { readFileSync } from 'node:fs';
import { createDevKeyring, DEV_ACCOUNTS, injectedAccounts, KeyringSigner } from '@bazari/devnet/testing';
import type { SignerPayloadJSON, SignerResult } from '@polkadot/types/types';
import { hexToU8a, stringToHex, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { signatureVerify, sr25519Verify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BZR, eventNames, freeBalance, signAndWatch, startTestNode, type TestNode } from './helpers.ts';

let node: TestNode;

beforeAll(async () => {
  node = await startTestNode();
});

afterAll(async () => {
  await node?.close();
});

describe('injectedAccounts', () => {
  it('lists the six dev accounts in the InjectedAccount shape', () => {
    const accounts = injectedAccounts();
    expect(accounts.map((account) => account.name)).toEqual([...DEV_ACCOUNTS]);
    for (const account of accounts) {
      expect(Object.keys(account).sort()).toEqual(['address', 'genesisHash', 'name', 'type']);
      expect(account.type).toBe('sr25519');
      expect(account.genesisHash).toBeNull();
      expect(account.address).toBe(node.accounts[account.name as (typeof DEV_ACCOUNTS)[number]].address);
    }
    expect(accounts[0].address).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  });

  it('takes other accounts and SS58 formats', () => {
    const [account] = injectedAccounts({ accounts: ['//Alice//stash'], ss58Format: 0 });
    expect(account.name).toBe('Alice//stash');
    expect(account.address).toBe(
      createDevKeyring({ accounts: ['//Alice//stash'], ss58Format: 0 }).getPairs()[0].address,
    );
    expect(account.address.startsWith('1')).toBe(true);
  });
});

describe('KeyringSigner.signPayload', () => {
  it('signs an extrinsic that the node accepts and includes (signAndSend(address, { signer }))', async () => {
    const { api, accounts } = node;
    const before = await freeBalance(api, accounts.Ferdie.address);
    const { result } = await signAndWatch(
      api.tx.balances.transferKeepAlive(accounts.Ferdie.address, 2n * BZR),
      accounts.Alice.address,
      { signer: new KeyringSigner() },
    );
    expect(eventNames(result.events).at(-1)).toBe('system.ExtrinsicSuccess');
    expect(await freeBalance(api, accounts.Ferdie.address)).toBe(before + 2n * BZR);
  });

  it('signs with the chain registry too, and payloads over 256 bytes (signed by their blake2_256 hash)', async () => {
    const { api, accounts } = node;
    const remark = u8aToHex(new Uint8Array(400).fill(7));
    const tx = api.tx.system.remarkWithEvent(remark);
    const { result } = await signAndWatch(tx, accounts.Bob.address, {
      signer: new KeyringSigner({ registry: api.registry }),
    });
    expect(eventNames(result.events)).toContain('system.Remarked');
    expect(eventNames(result.events).at(-1)).toBe('system.ExtrinsicSuccess');
  });

  it('answers { id, signature } with a MultiSignature (type byte 0x01 for sr25519) over the payload bytes', async () => {
    const { api, accounts } = node;
    const signer = new KeyringSigner();
    const requests: { payload: SignerPayloadJSON; result: SignerResult }[] = [];
    const tx = api.tx.system.remark('0x0102');
    await tx.signAsync(accounts.Charlie.address, {
      signer: {
        signPayload: async (payload) => {
          const result = await signer.signPayload(payload);
          requests.push({ payload, result });
          return result;
        },
      },
    });
    expect(requests).toHaveLength(1);
    const [{ payload, result }] = requests;
    expect(result.id).toBe(1);
    expect((await signer.signPayload(payload)).id).toBe(2);
    const signature = hexToU8a(result.signature);
    expect(signature.length).toBe(65);
    expect(signature[0]).toBe(1);
    const bytes = api.registry
      .createType('ExtrinsicPayload', payload, { version: payload.version })
      .toU8a({ method: true });
    expect(sr25519Verify(bytes, signature.subarray(1), accounts.Charlie.publicKey)).toBe(true);
    // The extrinsic carries exactly that signature.
    expect(tx.signature.toHex()).toBe(u8aToHex(signature.subarray(1)));
  });

  it('refuses an address that is not one of its accounts', async () => {
    const { api } = node;
    const stranger = node.keyring.addFromUri('//Stranger');
    const signer = new KeyringSigner();
    await expect(api.tx.system.remark('0x00').signAsync(stranger.address, { signer })).rejects.toThrow(
      /Unable to find a keypair/,
    );
  });
});

describe('KeyringSigner.signRaw', () => {
  it('signs <Bytes>data</Bytes> as the extension does, verifiable with signatureVerify', async () => {
    const { accounts } = node;
    const signer = new KeyringSigner();
    const data = stringToHex('Sign in to Bazari, nonce 42');
    const { id, signature } = await signer.signRaw({ address: accounts.Dave.address, data, type: 'bytes' });
    expect(id).toBe(1);
    expect(hexToU8a(signature).length).toBe(64);
    const wrapped = u8aWrapBytes(data);
    expect(u8aToHex(wrapped)).toBe(stringToHex('<Bytes>Sign in to Bazari, nonce 42</Bytes>'));
    expect(signatureVerify(wrapped, signature, accounts.Dave.address)).toMatchObject({
      isValid: true,
      crypto: 'sr25519',
    });
    // Over the wrapped bytes only (signatureVerify itself also tries the wrapped form of what it is given).
    expect(sr25519Verify(wrapped, signature, accounts.Dave.publicKey)).toBe(true);
    expect(sr25519Verify(hexToU8a(data), signature, accounts.Dave.publicKey)).toBe(false);
    expect(signatureVerify(wrapped, signature, accounts.Eve.address).isValid).toBe(false);
  });

  it('is what @polkadot/api uses for api.sign(address, { data }, { signer })', async () => {
    const { api, accounts } = node;
    const data = stringToHex('hello');
    const signature = await api.sign(accounts.Eve.address, { data }, { signer: new KeyringSigner() });
    expect(signatureVerify(u8aWrapBytes(data), signature, accounts.Eve.address).isValid).toBe(true);
  });
});

describe('browser safety', () => {
  it('the signer module imports no Node built-ins and uses no Node globals', () => {
    for (const file of ['keyring-signer.ts', 'index.ts']) {
      const source = readFileSync(new URL(`../src/testing/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map(([, specifier]) => specifier);
      for (const specifier of imports) expect(specifier).toMatch(/^(@polkadot\/|\.\/)/);
      expect(source).not.toMatch(/\b(Buffer|process|require|__dirname|global)\b/);
    }
  });
});
