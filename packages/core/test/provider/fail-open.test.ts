import { CacheModule, CacheProvider, Cached, CacheEvict, CacheStoreError, type CacheLogger } from '@cachet/core';
import { ChaosStore } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

function recordingLogger(): CacheLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (_obj, msg) => void warnings.push(msg ?? '') };
}

afterEach(() => CacheModule.reset());

describe('fail-open', () => {
  it('a failing store never fails a cached call: the method runs, the error is logged and counted', async () => {
    const chaos = new ChaosStore(new MemoryStore({ maxEntries: 100 })).alwaysThrow();
    const logger = recordingLogger();
    const cache = CacheModule.configure({ store: chaos, logger });
    const errors: string[] = [];
    cache.on('error', ({ operation }) => void errors.push(operation));
    let calls = 0;
    class Svc {
      @Cached()
      async get(id: number) {
        calls++;
        return id * 2;
      }
    }
    const svc = new Svc();
    expect(await svc.get(2)).toBe(4);
    expect(await svc.get(2)).toBe(4);
    expect(calls).toBe(2);
    expect(cache.stats().methods['Svc.get'].errors).toBeGreaterThanOrEqual(2);
    expect(logger.warnings.some((w) => w.includes('the call went on without the cache'))).toBe(true);
    expect(errors).toContain('get');
  });

  it('a frozen store is abandoned after storeTimeout and the call is answered by the method', async () => {
    const chaos = new ChaosStore(new MemoryStore({ maxEntries: 100 }));
    CacheModule.configure({ store: chaos, storeTimeout: 50, logger: recordingLogger() });
    class Svc {
      @Cached()
      async get() {
        return 'fresh';
      }
    }
    chaos.freeze();
    // Without the deadline this would hang until jest's timeout.
    expect(await new Svc().get()).toBe('fresh');
    chaos.recover();
  });

  it('recovers: once the store is back, values are cached again', async () => {
    const chaos = new ChaosStore(new MemoryStore({ maxEntries: 100 }));
    const cache = CacheModule.configure({ store: chaos, logger: recordingLogger() });
    let calls = 0;
    class Svc {
      @Cached()
      async get() {
        return ++calls;
      }
    }
    chaos.alwaysThrow();
    await new Svc().get();
    chaos.recover();
    await new Svc().get();
    expect(await new Svc().get()).toBe(2);
    expect(cache.stats().methods['Svc.get'].hits).toBe(1);
  });

  it('@CacheEvict on a failing store still returns the method result, and logs', async () => {
    const chaos = new ChaosStore(new MemoryStore({ maxEntries: 100 }));
    const logger = recordingLogger();
    CacheModule.configure({ store: chaos, logger });
    class Svc {
      @CacheEvict({ keys: ['k:{0}'], tags: ['t'] })
      async update(id: number) {
        return `updated ${id}`;
      }
    }
    chaos.alwaysThrow();
    expect(await new Svc().update(1)).toBe('updated 1');
    expect(logger.warnings.length).toBeGreaterThan(0);
  });

  it('explicit invalidation calls reject with CacheStoreError, so the caller knows it did not happen', async () => {
    const chaos = new ChaosStore(new MemoryStore({ maxEntries: 100 }));
    const cache = new CacheProvider({ store: chaos, logger: recordingLogger() });
    await cache.set('a', 1);
    await cache.set('b', 2, { tags: ['t'] });
    chaos.alwaysThrow();
    await expect(cache.delete('a')).rejects.toBeInstanceOf(CacheStoreError);
    await expect(cache.invalidateTags(['t'])).rejects.toBeInstanceOf(CacheStoreError);
    expect((await cache.health()).ok).toBe(false);
    chaos.recover();
    // The failed invalidation is still recorded in the index, so a retry removes the entry.
    expect(await cache.invalidateTags(['t'])).toBe(1);
    expect((await cache.health()).ok).toBe(true);
    await cache.close();
  });
});
