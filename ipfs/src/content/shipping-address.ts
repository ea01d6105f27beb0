/**
 * A shipping address, the plaintext of an envelope sealed to the store's `encryption_key`. It never
 * appears unencrypted on IPFS or on chain: the order carries the CID of the envelope.
 */

import { z } from 'zod';
import { label, parseWith, text } from './common.ts';
import { type Envelope, openJson, sealJson } from './envelope.ts';

export const SHIPPING_ADDRESS_SCHEMA = 'bazari/shipping-address@1';

export const shippingAddressSchema = z.strictObject({
  $schema: z.literal(SHIPPING_ADDRESS_SCHEMA),
  name: label(128),
  lines: z.array(label(200)).min(1).max(4),
  city: label(100),
  region: label(100).optional(),
  postalCode: label(32).optional(),
  /** ISO 3166-1 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'ISO 3166-1 alpha-2 country code' }),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{3,32}$/)
    .optional(),
  notes: text(500).optional(),
});

export type ShippingAddress = z.output<typeof shippingAddressSchema>;

export function parseShippingAddress(value: unknown): ShippingAddress {
  return parseWith(shippingAddressSchema, 'shipping address', value);
}

/** Validates the address and seals it to the store's `encryption_key` (32-byte X25519 public key). */
export function sealShippingAddress(address: ShippingAddress, storeEncryptionKey: Uint8Array): Envelope {
  return sealJson(parseShippingAddress(address), storeEncryptionKey);
}

/** Opens an envelope with the store's secret key and validates the address inside. */
export function openShippingAddress(envelope: unknown, storeSecretKey: Uint8Array): ShippingAddress {
  return openJson(envelope, storeSecretKey, shippingAddressSchema, 'shipping address');
}
