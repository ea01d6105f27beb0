import { blake2b256 } from './blake2.ts';
import { firstDifferentNibble, nibbleAt } from './nibbles.ts';
import {
  EMPTY_TRIE_ROOT,
  encodeNode,
  HASH_LENGTH,
  isHashedValue,
  nodeMerkleValue,
  rootHashOf,
  type StateVersion,
} from './node-codec.ts';

/**
 * A node's partial key is not stored: it is the nibbles of `pathKey` from where the node starts
 * (one past its parent's `pathEnd`, or 0 for the root) up to `pathEnd`, `pathKey` being any key at
 * or below the node. Splitting or merging nodes therefore only moves where a partial key starts.
 * Every change to a node goes through `IncrementalTrie.#writable`, which drops its merkle value;
 * a change to anything but a child's hash drops `encoding` as well.
 */
class TrieNode {
  pathKey: Uint8Array;
  /** Nibble index in `pathKey` where this node's partial key ends. */
  pathEnd: number;
  value: Uint8Array | undefined;
  /** Set for a branch, `undefined` for a leaf. */
  children: (TrieNode | undefined)[] | undefined;
  /** The trie allowed to change this node in place; any other copies it first. */
  owner: object;
  /** blake2-256 of `value`, once needed because the value is stored by hash. */
  valueHash: Uint8Array | undefined = undefined;
  /** Cached merkle value; `undefined` while this node or a descendant has changed since. */
  merkleValue: Uint8Array | undefined = undefined;
  /**
   * A branch's last encoding, kept while all its children are referred to by hash: when only
   * children changed, their new hashes are written over the old ones in place, which spares
   * reading every unchanged child again. Dropped whenever anything else in the node changes.
   */
  encoding: Uint8Array | undefined = undefined;
  /** Bit `n` set: the hash of child `n` in `encoding` is out of date. */
  staleChildren = 0;

  constructor(
    pathKey: Uint8Array,
    pathEnd: number,
    value: Uint8Array | undefined,
    children: (TrieNode | undefined)[] | undefined,
    owner: object,
  ) {
    this.pathKey = pathKey;
    this.pathEnd = pathEnd;
    this.value = value;
    this.children = children;
    this.owner = owner;
  }
}

const UNCHANGED = Symbol('unchanged');
type Unchanged = typeof UNCHANGED;

/**
 * The state trie kept in memory, updated key by key. `root()` re-encodes and re-hashes only the
 * nodes on paths changed since the previous `root()`; every other node keeps its cached merkle
 * value.
 *
 * `clone()` is O(1): both tries then share every node and treat them as frozen, copying a node
 * only when a change reaches it (copy-on-write per path). Use it to keep the state of a block
 * while building its children or forks on top. Values are kept by reference, so a value array
 * must not be modified after `set`.
 */
export class IncrementalTrie {
  readonly stateVersion: StateVersion;
  #root: TrieNode | undefined = undefined;
  #owner: object = {};

  constructor(stateVersion: StateVersion = 1) {
    this.stateVersion = stateVersion;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const keyEnd = key.length * 2;
    let node = this.#root;
    let depth = 0;
    while (node !== undefined) {
      const pathEnd = node.pathEnd;
      if (pathEnd > keyEnd || firstDifferentNibble(node.pathKey, key, depth, pathEnd) < pathEnd) return undefined;
      if (pathEnd === keyEnd) return node.value;
      node = node.children?.[nibbleAt(key, pathEnd)];
      depth = pathEnd + 1;
    }
    return undefined;
  }

  /** Stores `value` under `key`; `null` removes the key. */
  set(key: Uint8Array, value: Uint8Array | null): void {
    const newRoot = value === null ? this.#remove(this.#root, key, 0) : this.#insert(this.#root, key, 0, value);
    if (newRoot !== UNCHANGED) this.#root = newRoot;
  }

  root(): Uint8Array {
    if (this.#root === undefined) return EMPTY_TRIE_ROOT.slice();
    return rootHashOf(this.#merkleValueOf(this.#root, 0)).slice();
  }

  /** An independent trie with the same entries, sharing all nodes until either side changes them. */
  clone(): IncrementalTrie {
    const copy = new IncrementalTrie(this.stateVersion);
    copy.#root = this.#root;
    this.#owner = {};
    return copy;
  }

  // `#insert` and `#remove` find the key first and make nodes writable only on the way back up,
  // so that a write that changes nothing leaves every cached merkle value in place. `depth` is
  // where the partial key of `node` starts.

  #insert(node: TrieNode | undefined, key: Uint8Array, depth: number, value: Uint8Array): TrieNode | Unchanged {
    const keyEnd = key.length * 2;
    if (node === undefined) return new TrieNode(key.slice(), keyEnd, value, undefined, this.#owner);

    const pathEnd = node.pathEnd;
    const splitAt = firstDifferentNibble(node.pathKey, key, depth, Math.min(pathEnd, keyEnd));
    if (splitAt < pathEnd) {
      // The key leaves this node's partial key midway: a new branch takes the shared part, and
      // this node's partial key now starts after the branch's child slot.
      const children = emptyChildren();
      const branch = new TrieNode(node.pathKey, splitAt, undefined, children, this.#owner);
      const shortened = this.#writable(node);
      shortened.encoding = undefined;
      children[nibbleAt(node.pathKey, splitAt)] = shortened;
      if (splitAt === keyEnd) branch.value = value;
      else children[nibbleAt(key, splitAt)] = new TrieNode(key.slice(), keyEnd, value, undefined, this.#owner);
      return branch;
    }

    if (pathEnd === keyEnd) {
      if (node.value !== undefined && bytesEqual(node.value, value)) return UNCHANGED;
      const updated = this.#writable(node);
      updated.value = value;
      updated.valueHash = undefined;
      updated.encoding = undefined;
      return updated;
    }
    const nibble = nibbleAt(key, pathEnd);
    const newChild = this.#insert(node.children?.[nibble], key, pathEnd + 1, value);
    if (newChild === UNCHANGED) return UNCHANGED;
    const updated = this.#writable(node);
    updated.children ??= emptyChildren();
    if (updated.children[nibble] === undefined) updated.encoding = undefined;
    else updated.staleChildren |= 1 << nibble;
    updated.children[nibble] = newChild;
    return updated;
  }

  #remove(node: TrieNode | undefined, key: Uint8Array, depth: number): TrieNode | undefined | Unchanged {
    if (node === undefined) return UNCHANGED;
    const keyEnd = key.length * 2;
    const pathEnd = node.pathEnd;
    if (pathEnd > keyEnd || firstDifferentNibble(node.pathKey, key, depth, pathEnd) < pathEnd) return UNCHANGED;

    if (pathEnd === keyEnd) {
      if (node.value === undefined) return UNCHANGED;
      if (node.children === undefined) return undefined;
      const updated = this.#writable(node);
      updated.value = undefined;
      updated.valueHash = undefined;
      updated.encoding = undefined;
      return this.#collapse(updated);
    }
    if (node.children === undefined) return UNCHANGED;
    const nibble = nibbleAt(key, pathEnd);
    const newChild = this.#remove(node.children[nibble], key, pathEnd + 1);
    if (newChild === UNCHANGED) return UNCHANGED;
    const updated = this.#writable(node);
    const children = updated.children as (TrieNode | undefined)[];
    children[nibble] = newChild;
    if (newChild !== undefined) {
      updated.staleChildren |= 1 << nibble;
      return updated;
    }
    updated.encoding = undefined;
    return this.#collapse(updated);
  }

  /**
   * Restores the trie's shape after `branch` (already writable) lost its value or a child: a
   * branch left without children becomes a leaf, one left with a single child and no value gives
   * way to that child, whose partial key then starts where the branch's did.
   */
  #collapse(branch: TrieNode): TrieNode {
    const children = branch.children as (TrieNode | undefined)[];
    let onlyChild: TrieNode | undefined;
    let childCount = 0;
    for (const child of children) {
      if (child === undefined) continue;
      childCount++;
      onlyChild = child;
    }
    if (onlyChild === undefined) {
      branch.children = undefined;
      return branch;
    }
    if (childCount > 1 || branch.value !== undefined) return branch;
    const merged = this.#writable(onlyChild);
    merged.encoding = undefined;
    return merged;
  }

  /** The node itself if this trie owns it, else a copy this trie owns; either way, marked changed. */
  #writable(node: TrieNode): TrieNode {
    if (node.owner === this.#owner) {
      node.merkleValue = undefined;
      return node;
    }
    const copy = new TrieNode(node.pathKey, node.pathEnd, node.value, node.children?.slice(), this.#owner);
    copy.valueHash = node.valueHash;
    copy.encoding = node.encoding?.slice();
    copy.staleChildren = node.staleChildren;
    return copy;
  }

  #merkleValueOf(node: TrieNode, depth: number): Uint8Array {
    if (node.merkleValue !== undefined) return node.merkleValue;
    const merkleValue =
      node.encoding !== undefined && this.#refreshStaleChildren(node)
        ? blake2b256(node.encoding)
        : this.#encodeAndHash(node, depth);
    node.merkleValue = merkleValue;
    return merkleValue;
  }

  /** Writes the current hashes of stale children into `node.encoding`; false if one is no longer a hash. */
  #refreshStaleChildren(node: TrieNode): boolean {
    const encoding = node.encoding as Uint8Array;
    const children = node.children as (TrieNode | undefined)[];
    const childReferenceLength = 1 + HASH_LENGTH;
    let childCount = 0;
    for (const child of children) if (child !== undefined) childCount++;
    let referenceAt = encoding.length - childCount * childReferenceLength;
    for (let nibble = 0; nibble < 16; nibble++) {
      const child = children[nibble];
      if (child === undefined) continue;
      if (node.staleChildren & (1 << nibble)) {
        const childMerkleValue = this.#merkleValueOf(child, node.pathEnd + 1);
        if (childMerkleValue.length !== HASH_LENGTH) return false;
        encoding.set(childMerkleValue, referenceAt + 1);
      }
      referenceAt += childReferenceLength;
    }
    node.staleChildren = 0;
    return true;
  }

  #encodeAndHash(node: TrieNode, depth: number): Uint8Array {
    let childMerkleValues: (Uint8Array | undefined)[] | undefined;
    let allChildrenHashed = true;
    if (node.children !== undefined) {
      childMerkleValues = new Array(16);
      for (let nibble = 0; nibble < 16; nibble++) {
        const child = node.children[nibble];
        if (child === undefined) continue;
        const childMerkleValue = this.#merkleValueOf(child, node.pathEnd + 1);
        childMerkleValues[nibble] = childMerkleValue;
        allChildrenHashed &&= childMerkleValue.length === HASH_LENGTH;
      }
    }
    const value = node.value;
    const valueIsHashed = value !== undefined && isHashedValue(value, this.stateVersion);
    if (valueIsHashed) node.valueHash ??= blake2b256(value);
    const storedValue = valueIsHashed ? node.valueHash : value;

    if (childMerkleValues === undefined || !allChildrenHashed) {
      node.encoding = undefined;
      return nodeMerkleValue(node.pathKey, depth, node.pathEnd, storedValue, valueIsHashed, childMerkleValues);
    }
    // A branch with hashed children is far longer than a hash, so it is always referred to by hash.
    const encoding = encodeNode(node.pathKey, depth, node.pathEnd, storedValue, valueIsHashed, childMerkleValues);
    node.encoding = encoding;
    node.staleChildren = 0;
    return blake2b256(encoding);
  }
}

function emptyChildren(): (TrieNode | undefined)[] {
  return new Array(16).fill(undefined);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
