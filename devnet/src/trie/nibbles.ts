/**
 * Keys stay byte arrays throughout the trie code; a partial key is a nibble range of some key, read
 * in place (high nibble of each byte first) rather than copied out.
 */

export function nibbleAt(bytes: Uint8Array, index: number): number {
  const byte = bytes[index >> 1];
  return index & 1 ? byte & 0x0f : byte >> 4;
}

/** The first nibble index in `[from, to)` where `a` and `b` differ, or `to` if they agree on all of it. */
export function firstDifferentNibble(a: Uint8Array, b: Uint8Array, from: number, to: number): number {
  let index = from;
  if (index & 1 && index < to) {
    if ((a[index >> 1] & 0x0f) !== (b[index >> 1] & 0x0f)) return index;
    index++;
  }
  // Whole bytes at a time while both nibbles of a byte are in range.
  while (index + 1 < to && a[index >> 1] === b[index >> 1]) index += 2;
  if (index < to && nibbleAt(a, index) === nibbleAt(b, index)) index++;
  return index;
}
