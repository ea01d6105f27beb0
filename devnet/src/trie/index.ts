export { IncrementalTrie } from './incremental-trie.ts';
export { EMPTY_TRIE_ROOT, type StateVersion } from './node-codec.ts';
export { extrinsicsRootStateVersion, orderedTrieRoot, trieRoot } from './trie-root.ts';
