/** Valid documents of each kind, and real CIDs (the devnet's, as its pallets accept them), for the content tests. */

import { BAD_CIDS, CID } from '@bazari/devnet/testing';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type {
  EvidenceInput,
  ListingInput,
  ReviewInput,
  ShippingAddress,
  StoreProfileInput,
  UnsignedReceipt,
} from '../../src/content/index.ts';

export { BAD_CIDS, CID };

export const SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>';

export async function accounts() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    alice: keyring.addFromUri('//Alice'),
    bob: keyring.addFromUri('//Bob'),
    charlie: keyring.addFromUri('//Charlie'),
    ed25519: new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//Alice'),
  };
}

export const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

export const storeProfile = (): StoreProfileInput => ({
  $schema: 'bazari/store-profile@1',
  name: 'Casa do Café',
  tagline: 'Specialty coffee from small farms',
  description: 'We roast every Monday.\nShipping across the EU.',
  logo: CID.v1Raw,
  banner: CID.v0,
  location: 'Lisbon, PT',
  categories: ['food/coffee'],
  links: [{ label: 'Website', url: 'https://example.org/cafe' }],
  languages: ['pt-PT', 'en'],
});

export const listing = (): ListingInput => ({
  $schema: 'bazari/listing@1',
  title: 'Ethiopia Yirgacheffe, 250 g',
  description: 'Floral, citrus, tea-like body. Whole beans.',
  category: 'food/coffee-beans',
  attributes: { Roast: 'Light', Origin: 'Ethiopia', Weight: '250 g' },
  images: [CID.v1Raw, CID.v1],
  tags: ['coffee', 'light-roast'],
});

export const review = (): ReviewInput => ({
  $schema: 'bazari/review@1',
  orderId: '7',
  storeId: '1',
  author: BOB,
  rating: 5,
  title: 'Excellent',
  body: 'Arrived in three days, very fresh.',
  images: [CID.v1Raw],
});

export const evidence = (): EvidenceInput => ({
  $schema: 'bazari/evidence@1',
  disputeId: '3',
  orderId: '7',
  submitter: BOB,
  role: 'buyer',
  statement: 'The package arrived empty; photos of the box and the scale attached.',
  items: [
    { cid: CID.v1Raw, name: 'box.jpg', mediaType: 'image/jpeg', size: 182_044 },
    { cid: CID.v1, name: 'scale.mp4', mediaType: 'video/mp4', encrypted: true, description: 'Weighing the box' },
  ],
});

export const shippingAddress = (): ShippingAddress => ({
  $schema: 'bazari/shipping-address@1',
  name: 'Bob Example',
  lines: ['Rua das Flores 12', '3º Esq'],
  city: 'Lisboa',
  postalCode: '1200-195',
  country: 'PT',
  phone: '+351 912 345 678',
});

const H = (byte: string) => `0x${byte.repeat(64)}`;

/** An unsigned receipt minted by Bob (the buyer) for an order of Alice's store. */
export const unsignedReceipt = (signer = BOB): UnsignedReceipt => ({
  $schema: 'bazari/receipt@1',
  genesisHash: H('a'),
  orderId: '7',
  storeId: '1',
  buyer: BOB,
  seller: ALICE,
  asset: 'BZR',
  items: [
    { listingId: '4', title: 'Ethiopia Yirgacheffe, 250 g', quantity: 2, unitPrice: '12500000000000' },
    // Above 2^53: amounts are decimal strings.
    { listingId: '5', quantity: 1, unitPrice: '340282366920938463463374607431768211' },
  ],
  amounts: {
    total: '340282366920938463463399607431768211',
    platformFee: '6805647338418769269267992148635364',
    sellerAmount: '333476719582519694194131615283132847',
  },
  steps: [
    { step: 'created', blockNumber: 10, blockHash: H('b'), extrinsicHash: H('c') },
    { step: 'shipped', blockNumber: 15, extrinsicHash: H('d') },
    { step: 'completed', blockNumber: 20, extrinsicHash: H('e') },
  ],
  issuedAt: '2026-11-22T07:00:00.000Z',
  signer,
});
