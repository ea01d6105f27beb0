/**
 * A dispute evidence bundle: the party's statement and the files backing it, each by CID. The
 * bundle is sealed to each juror (`sealEvidence`); files with `encrypted: true` are envelopes too.
 */

import { z } from 'zod';
import { cidString } from './cid.ts';
import { address, label, parseWith, text, u64 } from './common.ts';
import { type Envelope, openJson, sealJson } from './envelope.ts';

export const EVIDENCE_SCHEMA = 'bazari/evidence@1';

export const evidenceItemSchema = z.strictObject({
  cid: cidString,
  name: label(256),
  /** The media type of the file (`image/jpeg`); a label only, the gateway never trusts it. */
  mediaType: z
    .string()
    .max(128)
    .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, { message: 'a media type such as image/jpeg' }),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Whether the CID points to an envelope rather than the file itself. */
  encrypted: z.boolean().default(false),
  description: text(1000).optional(),
});

export const evidenceSchema = z.strictObject({
  $schema: z.literal(EVIDENCE_SCHEMA),
  disputeId: u64,
  orderId: u64,
  submitter: address,
  role: z.enum(['buyer', 'seller']),
  statement: text(20_000, 1),
  items: z.array(evidenceItemSchema).max(50).default([]),
});

export type Evidence = z.output<typeof evidenceSchema>;
export type EvidenceInput = z.input<typeof evidenceSchema>;

export function parseEvidence(value: unknown): Evidence {
  return parseWith(evidenceSchema, 'evidence bundle', value);
}

/** Validates the bundle and seals one envelope per juror key (X25519 public keys). */
export function sealEvidence(bundle: EvidenceInput, jurorKeys: readonly Uint8Array[]): Envelope[] {
  const parsed = parseEvidence(bundle);
  return jurorKeys.map((key) => sealJson(parsed, key));
}

export function openEvidence(envelope: unknown, jurorSecretKey: Uint8Array): Evidence {
  return openJson(envelope, jurorSecretKey, evidenceSchema, 'evidence bundle');
}
