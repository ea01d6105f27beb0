/**
 * Pinning API tokens: short-lived, signed by the caller's Substrate account (sr25519), so the
 * dApp gets one with a single `signRaw` through the wallet extension and no server-side login.
 *
 * token = base64url(JSON payload) "." hex(signature)
 * payload = { aud: "bazari-pinning", sub: <SS58 address>, iat: <unix s>, exp: <unix s> }
 * The signature covers the UTF-8 bytes of `TOKEN_PREFIX + base64url(payload)`; the wallet
 * extension's `<Bytes>…</Bytes>`-wrapped form verifies too.
 */
import type { IncomingMessage } from 'node:http';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, encodeAddress, sr25519Verify } from '@polkadot/util-crypto';
import { PinningError } from './index.ts';

export const TOKEN_AUDIENCE = 'bazari-pinning';
export const TOKEN_PREFIX = 'bazari-pinning-token:';
/** A token may live at most this long (seconds). */
export const MAX_TOKEN_LIFETIME_S = 3600;
const CLOCK_SKEW_S = 60;

export interface TokenPayload {
  aud: string;
  sub: string;
  iat: number;
  exp: number;
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** The bytes to sign for `payload`, and the token's first half. */
export function tokenMessage(payload: TokenPayload): { encoded: string; message: Uint8Array } {
  const encoded = b64url(new TextEncoder().encode(JSON.stringify(payload)));
  return { encoded, message: new TextEncoder().encode(TOKEN_PREFIX + encoded) };
}

export function newTokenPayload(address: string, lifetimeS = 600, now = Date.now()): TokenPayload {
  const iat = Math.floor(now / 1000);
  return { aud: TOKEN_AUDIENCE, sub: address, iat, exp: iat + lifetimeS };
}

/** With a key that signs raw bytes (a `@polkadot/keyring` sr25519 pair). */
export function createToken(
  signer: { address: string; sign(message: Uint8Array): Uint8Array },
  lifetimeS = 600,
  now = Date.now(),
): string {
  const { encoded, message } = tokenMessage(newTokenPayload(signer.address, lifetimeS, now));
  return `${encoded}.${u8aToHex(signer.sign(message))}`;
}

/** With the wallet extension's `signRaw` (it signs the `<Bytes>`-wrapped message). */
export async function createTokenWithExtension(
  address: string,
  signRaw: (payload: { address: string; data: string; type: 'bytes' }) => Promise<{ signature: string }>,
  lifetimeS = 600,
): Promise<string> {
  const { encoded, message } = tokenMessage(newTokenPayload(address, lifetimeS));
  const { signature } = await signRaw({ address, data: u8aToHex(message), type: 'bytes' });
  return `${encoded}.${signature}`;
}

function unauthorized(details: string): PinningError {
  return new PinningError(401, 'UNAUTHORIZED', details);
}

function verifies(message: Uint8Array, signature: string, publicKey: Uint8Array): boolean {
  try {
    return sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

/** Returns the token's account (SS58, prefix 42) or throws PinningError(401). */
export async function verifyToken(token: string, now = Date.now()): Promise<string> {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 2048) throw unauthorized('malformed token');
  const encoded = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  if (!/^0x[0-9a-fA-F]{128}$/.test(signature)) throw unauthorized('malformed token signature');
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    throw unauthorized('malformed token payload');
  }
  if (payload == null || payload.aud !== TOKEN_AUDIENCE) throw unauthorized('token for another audience');
  if (!Number.isInteger(payload.iat) || !Number.isInteger(payload.exp) || typeof payload.sub !== 'string') {
    throw unauthorized('malformed token payload');
  }
  const nowS = Math.floor(now / 1000);
  if (payload.exp - payload.iat > MAX_TOKEN_LIFETIME_S) throw unauthorized('token lifetime too long');
  if (payload.iat > nowS + CLOCK_SKEW_S) throw unauthorized('token issued in the future');
  if (payload.exp <= nowS) throw unauthorized('token expired');
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(payload.sub);
  } catch {
    throw unauthorized('bad account in token');
  }
  await cryptoWaitReady();
  const message = new TextEncoder().encode(TOKEN_PREFIX + encoded);
  if (!verifies(message, signature, publicKey) && !verifies(u8aWrapBytes(message), signature, publicKey)) {
    throw unauthorized('bad token signature');
  }
  return encodeAddress(publicKey, 42);
}

/** `authenticate` for PinningService: `Authorization: Bearer <token>`. */
export async function bearerTokenAuth(req: IncomingMessage): Promise<string> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (m == null) throw unauthorized('missing bearer token');
  return verifyToken(m[1]);
}
