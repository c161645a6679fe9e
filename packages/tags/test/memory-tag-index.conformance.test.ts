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

// The one-argument form of the design (`runTagIndexConformance(factory)`): the runner's global `it`.
describe('MemoryTagIndex conformance (with a cloning MemoryStore)', () => {
  runTagIndexConformance(() => ({ store: new MemoryStore({ clone: true }), index: new MemoryTagIndex() }));
});
