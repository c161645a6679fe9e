import { CacheModule, Cached, CacheConfigError, type WarmProgress } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());

class Catalog {
  loads: string[] = [];

  @Cached({ key: 'product:{0}' })
  async product(id: string, _locale = 'en'): Promise<{ id: string }> {
    this.loads.push(id);
    if (id.startsWith('bad')) throw new Error(`cannot load ${id}`);
    return { id };
  }

  @Cached({ key: 'free:{0}', condition: (id: string) => id !== 'nocache' })
  async maybe(id: string) {
    return id;
  }

  plain(id: string) {
    return id;
  }
}

describe('provider.warm', () => {
  it('loads what is missing, counts what was cached and what failed, and reports progress', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    const catalog = new Catalog();
    await catalog.product('1');
    const progress: WarmProgress[] = [];
    const summary = await cache.warm(catalog, 'product', [['1'], ['2'], ['3'], ['bad-4'], ['5', 'fr']], { concurrency: 2, onProgress: (p) => void progress.push(p) });
    expect(summary).toMatchObject({ total: 5, loaded: 3, alreadyCached: 1, skipped: 0, failed: 1 });
    expect(summary.errors).toEqual([{ args: ['bad-4'], error: expect.objectContaining({ message: 'cannot load bad-4' }) }]);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress[4]).toMatchObject({ total: 5, loaded: 3, alreadyCached: 1, failed: 1 });
    expect(await cache.has('Catalog:product:3')).toBe(true);
    catalog.loads.length = 0;
    await catalog.product('2');
    expect(catalog.loads).toEqual([]);
  });

  it('counts duplicates in one run as already cached (single-flight), and bypassed calls as skipped', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    const catalog = new Catalog();
    const dup = await cache.warm(catalog, 'product', [['7'], ['7']], { concurrency: 2 });
    expect(dup).toMatchObject({ loaded: 1, alreadyCached: 1 });
    expect(await cache.warm(catalog, 'maybe', [['nocache'], ['x']])).toMatchObject({ loaded: 1, skipped: 1 });
  });

  it('a throwing onProgress never breaks the run', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const summary = await cache.warm(new Catalog(), 'product', [['1'], ['2']], {
      onProgress: () => {
        throw new Error('bad callback');
      },
    });
    expect(summary.loaded).toBe(2);
    expect(cache.stats().errors).toBe(2);
  });

  it('refuses methods that are not @Cached and bad options with CacheConfigError', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    await expect(cache.warm(new Catalog(), 'plain', [['1']])).rejects.toThrow(CacheConfigError);
    await expect(cache.warm(new Catalog(), 'plain', [['1']])).rejects.toThrow(/Catalog\.plain is not a @Cached method/);
    await expect(cache.warm(new Catalog(), 'product', [['1']], { concurrency: 0 })).rejects.toThrow(/concurrency must be a positive integer/);
  });
});
