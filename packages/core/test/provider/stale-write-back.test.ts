import { CacheModule } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';
import { invalidateDuringSlowLoad, raceLoadsAgainstInvalidations } from '../../../../test-support/scenarios/stale-write-back.scenario';

afterEach(() => CacheModule.reset());

describe('no stale write-back (memory)', () => {
  it('a 300 ms load, invalidated 100 ms in, is not written: the next read loads again', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    // The early caller gets what it read, but it is not written back.
    expect(await invalidateDuringSlowLoad(cache)).toEqual({ first: 1, next: 2, loads: 2 });
  });

  it.each(['tag', 'delete', 'revoke', 'evict'] as const)('1,000 racing loads and %s invalidations with random timings: 0 stale reads', async (kind) => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 5_000 }) });
    const seed = 20261122 + kind.length;
    expect({ seed, stale: await raceLoadsAgainstInvalidations(cache, kind, seed) }).toEqual({ seed, stale: 0 });
  });
});
