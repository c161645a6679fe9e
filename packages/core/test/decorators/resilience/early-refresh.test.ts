import { CacheModule, Cached } from '@cachet/core';
import { internalsOf } from '../../../src/provider/provider-internals';
import { DECORATOR_MODE } from '../decorator-mode';
import { configureMemory, sleep } from '../fixtures';

afterEach(() => CacheModule.reset());

describe(`earlyRefresh (XFetch) (${DECORATOR_MODE} decorators)`, () => {
  it('refreshes a hot key once in the background before it expires, with an injected random source', async () => {
    const cache = configureMemory();
    const { engine } = internalsOf(cache);
    let version = 0;
    // The refresh waits for the test to release it, so the assertions below never race it on a busy machine.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Safety net: should a stalled machine let the entry expire first, the test fails on its assertions instead of hanging.
    setTimeout(() => release(), 5_000).unref();
    class Feed {
      @Cached({ key: 'feed', ttl: 1_000, earlyRefresh: true })
      async latest(): Promise<number> {
        version++;
        if (version === 1) await sleep(200); // delta ≈ 200 ms: what XFetch scales by (a wide window, robust to timer lateness)
        else await released;
        return version;
      }
    }
    const feed = new Feed();
    expect(await feed.latest()).toBe(1);
    // random() = e^-1 → ln = -1: refresh once now + delta * beta ≥ expiry, i.e. in the last ~200 ms before expiry.
    engine.random = () => Math.exp(-1);
    for (let i = 0; i < 100; i++) expect(await feed.latest()).toBe(1); // far from expiry: never refreshes
    expect(version).toBe(1);
    await sleep(1_000 - 200 - 150); // before the window opens; the loop below waits for it
    while (version === 1) {
      expect(await feed.latest()).toBe(1); // callers keep the fresh value while the refresh runs
      await sleep(2);
    }
    const results = await Promise.all(Array.from({ length: 1_000 }, () => feed.latest()));
    expect(new Set(results)).toEqual(new Set([1])); // the refresh is still loading: one refresh, everyone gets the cached value
    release();
    await sleep(20);
    expect(await feed.latest()).toBe(2); // refreshed before the original expiry, never a miss
    expect(version).toBe(2);
    const stats = cache.stats().methods['Feed.latest'];
    expect(stats.misses).toBe(1);
    expect(stats.loads).toBe(2);
  });

  it('costs nothing when off: no refresh however close to expiry', async () => {
    configureMemory();
    let loads = 0;
    class Svc {
      @Cached({ key: 'k', ttl: 200 })
      async load(): Promise<number> {
        return ++loads;
      }
    }
    const svc = new Svc();
    await svc.load();
    await sleep(180);
    for (let i = 0; i < 100; i++) await svc.load();
    expect(loads).toBe(1);
  });
});
