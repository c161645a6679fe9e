import { CacheModule, Cached } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';
import { raceLoadsAgainstInvalidations } from '../../../../test-support/scenarios/stale-write-back.scenario';
import { sleep } from '../../../../test-support/scenarios/random';

afterEach(() => CacheModule.reset());

describe('no stale write-back (memory)', () => {
  it('a 300 ms load, invalidated 100 ms in, is not written: the next read loads again', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    let version = 1;
    let loads = 0;
    class Svc {
      @Cached({ key: 'v', tags: ['version'] })
      async read() {
        loads++;
        const seen = version;
        await sleep(300);
        return seen;
      }
    }
    const svc = new Svc();
    const first = svc.read();
    await sleep(100);
    version = 2;
    await cache.invalidateTags(['version']);
    expect(await first).toBe(1); // the caller that started early gets what it read…
    expect(await svc.read()).toBe(2); // …but it was not written back
    expect(loads).toBe(2);
  });

  it.each(['tag', 'delete', 'revoke', 'evict'] as const)('1,000 racing loads and %s invalidations with random timings: 0 stale reads', async (kind) => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 5_000 }) });
    const seed = 20261122 + kind.length;
    expect({ seed, stale: await raceLoadsAgainstInvalidations(cache, kind, seed) }).toEqual({ seed, stale: 0 });
  });
});
