import { runStoreConformance } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

// A memory store owns everything it holds, so the prefix has nothing to scope: each store is its own space.
describe('MemoryStore conformance (clone: false)', () => {
  runStoreConformance(it, () => new MemoryStore());
});

describe('MemoryStore conformance (clone: true)', () => {
  runStoreConformance(it, () => new MemoryStore({ clone: true }));
});

describe('MemoryStore conformance (bounded by estimated size)', () => {
  runStoreConformance(it, () => new MemoryStore({ maxEntries: 0, maxSize: 64 * 1024 * 1024 }));
});

// The one-argument form of the design (`runStoreConformance(factory)`): the runner's global `it`.
describe('MemoryStore conformance (one-argument form)', () => {
  runStoreConformance(() => new MemoryStore());
});
