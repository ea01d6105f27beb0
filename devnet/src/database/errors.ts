import { toHex } from './bytes.ts';

/** The block is not in the database. */
export class UnknownBlockError extends Error {
  override readonly name = 'UnknownBlockError';
  readonly blockHash: string;

  constructor(blockHash: Uint8Array, context = 'Unknown block') {
    const hex = toHex(blockHash);
    super(`${context}: ${hex}`);
    this.blockHash = hex;
  }
}

/** The block cannot be stored: it does not extend the stored block tree, or its fields are malformed. */
export class InvalidBlockError extends Error {
  override readonly name = 'InvalidBlockError';
}
