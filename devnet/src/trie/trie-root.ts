import { blake2b256 } from './blake2.ts';
import { firstDifferentNibble, nibbleAt } from './nibbles.ts';
import {
  EMPTY_TRIE_ROOT,
  encodeCompact,
  isHashedValue,
  nodeMerkleValue,
  rootHashOf,
  type StateVersion,
} from './node-codec.ts';

/**
 * Root of the trie holding exactly these key/value pairs (sp-trie `trie_root`, `LayoutV1` unless
 * told otherwise). When a key repeats, its last value counts.
 */
export function trieRoot(entries: Iterable<[Uint8Array, Uint8Array]>, stateVersion: StateVersion = 1): Uint8Array {
  // The sort is stable, so of equal keys the one given last ends up last.
  const sorted = [...entries].sort(([a], [b]) => Buffer.compare(a, b));
  const keys: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const [key, value] = sorted[i];
    const isOverwritten = i + 1 < sorted.length && Buffer.compare(key, sorted[i + 1][0]) === 0;
    if (isOverwritten) continue;
    keys.push(key);
    values.push(value);
  }
  if (keys.length === 0) return EMPTY_TRIE_ROOT.slice();
  return rootHashOf(subtrieMerkleValue(keys, values, 0, keys.length, 0, stateVersion));
}

/**
 * Root of the trie mapping SCALE `Compact(i)` to `items[i]` (sp-trie `ordered_trie_root`), which
 * is how a block's extrinsics root is made from its encoded extrinsics.
 *
 * The extrinsics trie has its own layout, `RuntimeVersion::extrinsics_root_state_version()`:
 * V0 for `system_version` 0 and 1, V1 from 2 on. A runtime whose state is V1 (`system_version`
 * 1, i.e. the former `state_version: 1`) therefore still builds its extrinsics root with V0,
 * which is the default here; see `extrinsicsRootStateVersion`.
 */
export function orderedTrieRoot(items: readonly Uint8Array[], stateVersion: StateVersion = 0): Uint8Array {
  return trieRoot(
    items.map((item, index): [Uint8Array, Uint8Array] => [encodeCompact(index), item]),
    stateVersion,
  );
}

/** The trie layout of the extrinsics root for a runtime's `RuntimeVersion::system_version`. */
export function extrinsicsRootStateVersion(systemVersion: number): StateVersion {
  return systemVersion >= 2 ? 1 : 0;
}

/**
 * Merkle value of the node holding the sorted, distinct `keys[from..to)`, all of which share their
 * first `depth` nibbles.
 */
function subtrieMerkleValue(
  keys: readonly Uint8Array[],
  values: readonly Uint8Array[],
  from: number,
  to: number,
  depth: number,
  stateVersion: StateVersion,
): Uint8Array {
  const first = keys[from];
  const firstLength = first.length * 2;
  if (to - from === 1) return merkleValueOfNode(first, depth, firstLength, values[from], undefined, stateVersion);

  // Sorted keys share a prefix exactly when the first and last of them do.
  const last = keys[to - 1];
  const branchAt = firstDifferentNibble(first, last, depth, Math.min(firstLength, last.length * 2));

  let next = from;
  const value = firstLength === branchAt ? values[next++] : undefined;
  const children: (Uint8Array | undefined)[] = new Array(16).fill(undefined);
  while (next < to) {
    const nibble = nibbleAt(keys[next], branchAt);
    let groupEnd = next + 1;
    while (groupEnd < to && nibbleAt(keys[groupEnd], branchAt) === nibble) groupEnd++;
    children[nibble] = subtrieMerkleValue(keys, values, next, groupEnd, branchAt + 1, stateVersion);
    next = groupEnd;
  }
  return merkleValueOfNode(first, depth, branchAt, value, children, stateVersion);
}

function merkleValueOfNode(
  key: Uint8Array,
  keyStart: number,
  keyEnd: number,
  value: Uint8Array | undefined,
  children: (Uint8Array | undefined)[] | undefined,
  stateVersion: StateVersion,
): Uint8Array {
  if (value !== undefined && isHashedValue(value, stateVersion)) {
    return nodeMerkleValue(key, keyStart, keyEnd, blake2b256(value), true, children);
  }
  return nodeMerkleValue(key, keyStart, keyEnd, value, false, children);
}
