import { CacheModule, Cached } from '@cachet/core';
import { DECORATOR_MODE } from '../decorator-mode';
import { configureMemory, sleep } from '../fixtures';

afterEach(() => CacheModule.reset());

/** Issue test 5 as written: the source fails for 10 s, with a 1 s backoff. */
describe(`grace with graceBackoff (${DECORATOR_MODE} decorators)`, () => {
  it('serves stale values through a 10 s outage, calls the method at most once per key per backoff, and fails keys without a value', async () => {
    configureMemory();
    const OUTAGE_MS = 10_000;
    const BACKOFF_MS = 1_000;
    const down = new Error('pricing service down');
    let failing = false;
    const calls = new Map<string, number>();
    class Prices {
      @Cached({ key: 'price:{0}', ttl: 100, grace: '1m', graceBackoff: BACKOFF_MS })
      async price(sku: string): Promise<string> {
        calls.set(sku, (calls.get(sku) ?? 0) + 1);
        await sleep(5);
        if (failing) throw down;
        return `${sku}:10`;
      }
    }
    const prices = new Prices();
    const warm = ['a', 'b', 'c', 'd', 'e'];
    const cold = ['x', 'y'];
    await Promise.all(warm.map((sku) => prices.price(sku)));
    await sleep(150); // every warm entry is now expired, within grace
    calls.clear();
    failing = true;

    const started = Date.now();
    let staleAnswers = 0;
    let warmErrors = 0;
    const coldErrors: unknown[] = [];
    while (Date.now() - started < OUTAGE_MS) {
      // 10 concurrent callers per key per round, a round every 10 ms.
      const round = warm.flatMap((sku) => Array.from({ length: 10 }, () => prices.price(sku).then((v) => (v === `${sku}:10` ? staleAnswers++ : warmErrors++), () => warmErrors++)));
      const coldRound = cold.map((sku) => prices.price(sku).then(() => undefined, (error: unknown) => coldErrors.push(error)));
      await Promise.all([...round, ...coldRound]);
      await sleep(10);
    }
    const elapsed = Date.now() - started;
    const allowed = Math.ceil(elapsed / BACKOFF_MS) + 1;
    const perKey = warm.map((sku) => calls.get(sku) ?? 0);
    const stats = CacheModule.get().stats().methods['Prices.price'];
    console.log(
      `[${DECORATOR_MODE}] grace outage ${elapsed} ms, backoff ${BACKOFF_MS} ms: ${staleAnswers} stale answers, ${warmErrors} errors on keys with a value; ` +
        `method calls per warm key ${perKey.join(', ')} (allowed ≤ ${allowed}); cold keys: ${coldErrors.length} errors in ${calls.get('x')} + ${calls.get('y')} calls; staleServed ${stats.staleServed}`,
    );
    expect(warmErrors).toBe(0);
    expect(staleAnswers).toBeGreaterThan(0);
    for (const n of perKey) expect(n).toBeLessThanOrEqual(allowed);
    expect(coldErrors.length).toBeGreaterThan(0);
    expect(coldErrors.every((error) => error === down)).toBe(true);
    // Keys without a value are never backed off: every call reaches the method.
    expect(calls.get('x')).toBe(coldErrors.filter((_, i) => i % 2 === 0).length);

    failing = false;
    await sleep(BACKOFF_MS + 20);
    expect(await prices.price('a')).toBe('a:10'); // the retry after the backoff loads and stores again
    const before = calls.get('a');
    expect(await prices.price('a')).toBe('a:10');
    expect(calls.get('a')).toBe(before); // fresh again: a hit
  }, 30_000);

  it('between retries, callers get the stale value without the method being called (fake timers)', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      configureMemory();
      let calls = 0;
      let failing = false;
      class Feed {
        @Cached({ ttl: 1_000, grace: '1h', graceBackoff: '1s' })
        async latest(): Promise<number> {
          calls++;
          if (failing) throw new Error('down');
          return calls;
        }
      }
      const feed = new Feed();
      expect(await feed.latest()).toBe(1);
      jest.setSystemTime(1_000_000 + 5_000);
      failing = true;
      expect(await feed.latest()).toBe(1); // fails, grace answers; backoff starts
      expect(calls).toBe(2);
      for (let i = 0; i < 50; i++) expect(await feed.latest()).toBe(1);
      expect(calls).toBe(2); // within the backoff: no call
      jest.setSystemTime(Date.now() + 999);
      expect(await feed.latest()).toBe(1);
      expect(calls).toBe(2);
      jest.setSystemTime(Date.now() + 2);
      expect(await feed.latest()).toBe(1); // one retry, fails again
      expect(calls).toBe(3);
      failing = false;
      expect(await feed.latest()).toBe(1); // still backed off
      jest.setSystemTime(Date.now() + 1_001);
      expect(await feed.latest()).toBe(4); // retried, succeeded, stored
      expect(await feed.latest()).toBe(4);
      expect(calls).toBe(4);
    } finally {
      jest.useRealTimers();
    }
  });
});
