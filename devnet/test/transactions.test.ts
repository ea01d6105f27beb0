/**
 * Transactions through the unmodified @polkadot/api client: signAndSend with its statuses and events,
 * fees against paymentInfo, utility batches, sudo, and dispatch errors decoded from the metadata.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BZR,
  eventNames,
  extrinsicEvents,
  freeBalance,
  signAndWatch,
  startTestNode,
  type TestNode,
} from './helpers.ts';

let node: TestNode;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;
let dave: KeyringPair;
let eve: KeyringPair;
let treasury: string;

beforeAll(async () => {
  // Finality one block behind the head: InBlock and Finalized arrive as separate statuses.
  node = await startTestNode({ finalityLag: 1 });
  ({ Alice: alice, Bob: bob, Charlie: charlie, Dave: dave, Eve: eve } = node.accounts);
  treasury = node.api.consts.commerce.treasuryAccount.toString();
});

afterAll(async () => {
  await node?.close();
});

/** `section.Name` of a dispatch error, read from the metadata as a dApp does. */
function errorName(error: DispatchError | undefined): string {
  if (!error) return 'none';
  if (!error.isModule) return error.type;
  const { section, name } = node.api.registry.findMetaError(error.asModule);
  return `${section}.${name}`;
}

function feePaid(events: readonly EventRecord[]): bigint {
  const record = events.find(({ event }) => node.api.events.transactionPayment.TransactionFeePaid.is(event));
  if (!record) throw new Error('no TransactionFeePaid event');
  return (record.event.data[1] as unknown as { toBigInt(): bigint }).toBigInt();
}

describe('balances.transferKeepAlive with signAndSend', () => {
  it('goes Ready, InBlock, Finalized, with the expected events and exactly amount + fee debited', async () => {
    const { api } = node;
    const amount = 12_345n * BZR;
    const before = {
      alice: await freeBalance(api, alice.address),
      bob: await freeBalance(api, bob.address),
      treasury: await freeBalance(api, treasury),
    };
    const tx = api.tx.balances.transferKeepAlive(bob.address, amount);
    const { partialFee } = await tx.paymentInfo(alice);

    const statuses: string[] = [];
    let inBlock: ISubmittableResult | undefined;
    const finalized = await new Promise<ISubmittableResult>((resolve, reject) => {
      tx.signAndSend(alice, (result) => {
        statuses.push(result.status.type);
        if (result.status.isInBlock) {
          inBlock = result;
          // Finality lags one block: the next block finalizes this one.
          node.newBlock().catch(reject);
        }
        if (result.status.isFinalized) resolve(result);
        if (result.isError) reject(new Error(result.status.type));
      }).catch(reject);
    });

    expect(statuses).toEqual(['Ready', 'InBlock', 'Finalized']);
    expect(inBlock?.status.asInBlock.toHex()).toBe(finalized.status.asFinalized.toHex());
    const events = (inBlock as ISubmittableResult).events;
    expect(eventNames(events)).toEqual([
      'balances.Withdraw',
      'balances.Transfer',
      'balances.Deposit',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    const [withdraw, transfer, deposit] = events.map(({ event }) => event);
    expect(withdraw.data.toJSON()).toEqual([alice.address, Number(partialFee.toBigInt())]);
    expect(transfer.data.toJSON()).toEqual([alice.address, bob.address, `0x${amount.toString(16).padStart(32, '0')}`]);
    expect(deposit.data.toJSON()).toEqual([treasury, Number(partialFee.toBigInt())]);

    const fee = feePaid(events);
    expect(fee).toBe(partialFee.toBigInt());
    expect(fee).toBeGreaterThan(0n);
    expect(await freeBalance(api, alice.address)).toBe(before.alice - amount - fee);
    expect(await freeBalance(api, bob.address)).toBe(before.bob + amount);
    expect(await freeBalance(api, treasury)).toBe(before.treasury + fee);
    expect(finalized.events.length).toBe(events.length);
    // The same events, read from System.Events of the block by the extrinsic's index.
    const blockHash = finalized.status.asFinalized.toHex();
    expect(eventNames(await extrinsicEvents(api, blockHash, tx.hash.toHex()))).toEqual(eventNames(events));
  });
});

describe('utility', () => {
  it('batchAll with one failing call rolls back as a whole: only the fee is paid, ExtrinsicFailed', async () => {
    const { api } = node;
    const before = { alice: await freeBalance(api, alice.address), bob: await freeBalance(api, bob.address) };
    const tx = api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(bob.address, 5n * BZR),
      api.tx.balances.transferKeepAlive(charlie.address, before.alice * 10n),
    ]);
    const { partialFee } = await tx.paymentInfo(alice);
    const { result } = await signAndWatch(tx, alice);

    expect(eventNames(result.events)).toEqual([
      'balances.Withdraw',
      'balances.Deposit',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicFailed',
    ]);
    expect(errorName(result.dispatchError)).toBe('balances.InsufficientBalance');
    const fee = feePaid(result.events);
    expect(fee).toBe(partialFee.toBigInt());
    expect(await freeBalance(api, alice.address)).toBe(before.alice - fee);
    expect(await freeBalance(api, bob.address)).toBe(before.bob);
  });

  it('batch stops at the failing call with BatchInterrupted, keeping the calls before it', async () => {
    const { api } = node;
    const before = {
      alice: await freeBalance(api, alice.address),
      bob: await freeBalance(api, bob.address),
      dave: await freeBalance(api, dave.address),
    };
    const tx = api.tx.utility.batch([
      api.tx.balances.transferKeepAlive(bob.address, 3n * BZR),
      api.tx.balances.transferKeepAlive(charlie.address, before.alice * 10n),
      api.tx.balances.transferKeepAlive(dave.address, 4n * BZR),
    ]);
    const { result } = await signAndWatch(tx, alice);

    expect(eventNames(result.events)).toEqual([
      'balances.Withdraw',
      'balances.Transfer',
      'utility.ItemCompleted',
      'utility.BatchInterrupted',
      'balances.Deposit',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    expect(result.dispatchError).toBeUndefined();
    const interrupted = result.events.find(({ event }) => api.events.utility.BatchInterrupted.is(event));
    const [index, error] = (interrupted?.event.data ?? []) as unknown as [{ toNumber(): number }, DispatchError];
    expect(index.toNumber()).toBe(1);
    expect(errorName(error)).toBe('balances.InsufficientBalance');
    const fee = feePaid(result.events);
    expect(await freeBalance(api, alice.address)).toBe(before.alice - 3n * BZR - fee);
    expect(await freeBalance(api, bob.address)).toBe(before.bob + 3n * BZR);
    expect(await freeBalance(api, dave.address)).toBe(before.dave);
  });
});

describe('sudo', () => {
  it('sudo(balances.forceSetBalance) by the sudo key (Alice) sets the balance and emits Sudid(Ok)', async () => {
    const { api } = node;
    const target = node.keyring.addFromUri('//SudoTarget');
    const newFree = 777n * BZR;
    const before = await freeBalance(api, alice.address);
    const tx = api.tx.sudo.sudo(api.tx.balances.forceSetBalance(target.address, newFree));
    const { partialFee } = await tx.paymentInfo(alice);
    const { result } = await signAndWatch(tx, alice);

    expect(result.dispatchError).toBeUndefined();
    // The fee is withdrawn before dispatch and refunded in full after it: the sudo key pays no fee (Pays::No).
    expect(eventNames(result.events)).toEqual([
      'balances.Withdraw',
      'system.NewAccount',
      'balances.Endowed',
      'balances.BalanceSet',
      'sudo.Sudid',
      'balances.Deposit',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    const [withdraw] = result.events;
    expect(withdraw.event.data[1].toString()).toBe(partialFee.toString());
    const sudid = result.events.find(({ event }) => api.events.sudo.Sudid.is(event));
    expect(sudid?.event.data.toJSON()).toEqual([{ ok: null }]);
    expect(await freeBalance(api, target.address)).toBe(newFree);
    expect(feePaid(result.events)).toBe(0n);
    expect(await freeBalance(api, alice.address)).toBe(before);
    const success = result.events.at(-1)?.event.data[0] as unknown as { paysFee: { isNo: boolean } };
    expect(success.paysFee.isNo).toBe(true);
  });

  it('sudo by Bob fails with sudo.RequireSudo and changes nothing', async () => {
    const { api } = node;
    const target = node.keyring.addFromUri('//SudoTargetOfBob');
    const before = await freeBalance(api, bob.address);
    const tx = api.tx.sudo.sudo(api.tx.balances.forceSetBalance(target.address, 5n * BZR));
    const { partialFee } = await tx.paymentInfo(bob);
    expect(partialFee.toBigInt()).toBeGreaterThan(0n);
    const { result } = await signAndWatch(tx, bob);
    expect(eventNames(result.events)).toEqual([
      'balances.Withdraw',
      'balances.Deposit',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicFailed',
    ]);
    expect(errorName(result.dispatchError)).toBe('sudo.RequireSudo');
    expect(await freeBalance(api, target.address)).toBe(0n);
    // Not the sudo key: the failed attempt pays its fee, as on a Substrate chain.
    expect(feePaid(result.events)).toBe(partialFee.toBigInt());
    expect(await freeBalance(api, bob.address)).toBe(before - partialFee.toBigInt());
  });
});

describe('ExtrinsicFailed decoded with api.registry.findMetaError', () => {
  it('a transfer of more than the balance is balances.InsufficientBalance', async () => {
    const { api } = node;
    const free = await freeBalance(api, eve.address);
    const { result } = await signAndWatch(api.tx.balances.transferAllowDeath(bob.address, free * 2n), eve);
    expect(eventNames(result.events).at(-1)).toBe('system.ExtrinsicFailed');
    expect(result.dispatchError?.isModule).toBe(true);
    expect(errorName(result.dispatchError)).toBe('balances.InsufficientBalance');
  });

  it('a keep-alive transfer that would leave less than the existential deposit is balances.Expendability', async () => {
    const { api } = node;
    const ed = api.consts.balances.existentialDeposit.toBigInt();
    const free = await freeBalance(api, eve.address);
    // The fee depends on the encoded length only, the same for any amount of this magnitude.
    const { partialFee } = await api.tx.balances.transferKeepAlive(bob.address, free).paymentInfo(eve);
    const amount = free - partialFee.toBigInt() - ed / 2n;
    const { result } = await signAndWatch(api.tx.balances.transferKeepAlive(bob.address, amount), eve);
    expect(errorName(result.dispatchError)).toBe('balances.Expendability');
    expect(feePaid(result.events)).toBe(partialFee.toBigInt());
    expect(await freeBalance(api, eve.address)).toBe(free - partialFee.toBigInt());
  });
});
