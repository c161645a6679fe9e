import { MemoryStore } from '@cachet/stores';
import { CacheProvider } from '@cachet/core';
import { hitClock } from '../../src/provider/hit-clock';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin: the event loop must not turn
  }
}

describe('hitClock: one clock reading for many hits', () => {
  afterEach(() => jest.useRealTimers());

  it('is re-read once the event loop turns (1 ms resolution)', async () => {
    const first = hitClock();
    await sleep(20);
    // The 1 ms refresh timer expired before the 20 ms one: the next hit reads the clock again. Compared with
    // a reading taken just before, not with first + 20: a 20 ms timer may fire when Date.now() has moved 19.
    const before = Date.now();
    expect(before).toBeGreaterThan(first);
    expect(hitClock()).toBeGreaterThanOrEqual(before);
  });

  it('is re-read after 256 hits even while the event loop cannot turn', async () => {
    await sleep(5);
    const first = hitClock();
    busyWait(10);
    let last = first;
    for (let i = 0; i < 300; i++) last = hitClock();
    expect(last).toBeGreaterThanOrEqual(first + 10);
  });

  it('reads the clock on every hit under fake timers, so moved time is seen at once', async () => {
    hitClock();
    jest.useFakeTimers();
    const now = Date.now();
    expect(hitClock()).toBe(now);
    jest.setSystemTime(now + 60_000);
    expect(hitClock()).toBe(now + 60_000);
  });

  it('an expired entry is a miss under fake timers moved by setSystemTime alone', async () => {
    jest.useFakeTimers();
    const cache = new CacheProvider({ store: new MemoryStore({ maxEntries: 10 }), ttl: '1s' });
    let loads = 0;
    const load = () => ++loads;
    expect(await cache.getOrSet('k', load)).toBe(1);
    expect(await cache.getOrSet('k', load)).toBe(1);
    jest.setSystemTime(Date.now() + 1_001);
    expect(await cache.getOrSet('k', load)).toBe(2);
    await cache.close();
  });
});
