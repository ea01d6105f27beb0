/** Real CIDs, as the Bazari pallets and the content services accept them, and CIDs every pallet rejects. */

/** A CIDv0 and CIDv1s in base32 (dag-pb and raw), base58btc and base16. */
export const CID = {
  v0: 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG',
  v1: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  v1Raw: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
  v1Base58: 'zdj7WWeQ43G6JJvLWQWZpyHuAMq6uYWRjkBXFad11vE2LHhQ7',
  v1Base16: 'f01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a',
} as const;

/** CIDs every pallet rejects with InvalidCid. */
export const BAD_CIDS: Readonly<Record<string, string>> = {
  empty: '',
  garbage: 'not a cid',
  truncatedV0: 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd',
  v0BadChar: 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd0',
  v1Truncated: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbz',
  unknownMultibase: 'xafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  tooLong: `b${'a'.repeat(128)}`,
};
