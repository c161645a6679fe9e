import { runTagIndexConformance } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';
import { MemoryTagIndex } from '@cachet/tags';

describe('MemoryTagIndex conformance (with MemoryStore)', () => {
  runTagIndexConformance(it, () => {
    const store = new MemoryStore();
    const index = new MemoryTagIndex();
    store.onEvict((key) => index.forget([key])); // as the provider wires them
    return { store, index };
  });
});

describe('MemoryTagIndex conformance (with a cloning MemoryStore)', () => {
  runTagIndexConformance(it, () => ({ store: new MemoryStore({ clone: true }), index: new MemoryTagIndex() }));
});
