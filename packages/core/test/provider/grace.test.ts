import { CacheModule, Cached } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('grace and stale-while-revalidate', () => {
  it('grace serves the last good value when the method fails after expiry', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    let failing = false;
    class Prices {
      @Cached({ ttl: 30, grace: '1m' })
      async price(sku: string) {
        if (failing) throw new Error('pricing service down');
        return `${sku}: 10`;
      }
    }
    const prices = new Prices();
    await prices.price('a');
    await sleep(60);
    failing = true;
    expect(await prices.price('a')).toBe('a: 10');
    expect(cache.stats().methods['Prices.price'].staleServed).toBe(1);
    await expect(prices.price('never-cached')).rejects.toThrow('pricing service down');
  });

  it('stale-while-revalidate answers at once with the stale value and refreshes in the background', async () => {
    CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    let version = 1;
    let loads = 0;
    class Feed {
      @Cached({ ttl: 200, staleWhileRevalidate: '1m' })
      async latest() {
        loads++;
        await sleep(50);
        return version;
      }
    }
    const feed = new Feed();
    expect(await feed.latest()).toBe(1);
    await sleep(250);
    version = 2;
    expect(await feed.latest()).toBe(1); // stale, served at once
    expect(await feed.latest()).toBe(1); // the one refresh is still running
    await sleep(100);
    expect(await feed.latest()).toBe(2);
    expect(loads).toBe(2);
  });
});
