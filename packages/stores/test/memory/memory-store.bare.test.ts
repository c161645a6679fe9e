import type { CacheEntry } from '@cachet/core';
import { collectScan, testEntry } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

/**
 * Untagged entries without grace are kept as their bare value with their times
 * in lru-cache's TTL slots; these cases pin the edges where lru-cache's rule
 * and the store's could part.
 */
describe('MemoryStore keeps untagged, grace-free entries as bare values without changing what readers see', () => {
  const T0 = 1_700_000_000_000;

  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  it('gives back the times exactly and lives until just before staleUntil, fractional clocks included', async () => {
    const store = new MemoryStore();
    const entry = testEntry('v', { now: T0, ttl: 1_000 });
    await store.set('k', entry);
    expect(store.getSync('k', T0 + 500)).toEqual(entry);
    expect(store.getSync('k', entry.staleUntil - 0.5)?.value).toBe('v');
    expect(store.getSync('k', entry.staleUntil)).toBeUndefined();
  });

  it('reports a bare value found expired on read to onEvict listeners, once, and drops it', async () => {
    const store = new MemoryStore();
    const evicted: string[] = [];
    store.onEvict((key) => evicted.push(key));
    await store.set('k', testEntry('v', { now: T0, ttl: 1_000 }));
    jest.setSystemTime(T0 + 1_000);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.get('k')).toBeUndefined();
    expect(evicted).toEqual(['k']);
    expect(store.size).toBe(0);
  });

  it('answers has, delete and scan by the same clock', async () => {
    const store = new MemoryStore();
    await store.set('a:1', testEntry(1, { now: T0, ttl: 1_000 }));
    await store.set('a:2', testEntry(2, { now: T0, ttl: 5_000 }));
    jest.setSystemTime(T0 + 999);
    expect(await store.has('a:1')).toBe(true);
    jest.setSystemTime(T0 + 1_000);
    expect(await store.has('a:1')).toBe(false);
    expect(await collectScan(store.scan('a:*'))).toEqual(['a:2']);
    expect(await store.delete(['a:1', 'a:2'])).toBe(1);
  });

  it('forgets a bare value’s TTL when the key is overwritten by a wrapped entry, and the other way round', async () => {
    const store = new MemoryStore();
    await store.set('k', testEntry('short', { now: T0, ttl: 1_000 }));
    const tagged = testEntry('tagged', { now: T0, ttl: 10_000, tags: ['t'] });
    await store.set('k', tagged);
    expect(store.getSync('k', T0 + 5_000)).toEqual(tagged);

    const withGrace: CacheEntry = testEntry('grace', { now: T0, ttl: 1_000, stale: 60_000 });
    await store.set('g', withGrace);
    const bare = testEntry('bare', { now: T0, ttl: 2_000 });
    await store.set('g', bare);
    expect(store.getSync('g', T0 + 1_999)).toEqual(bare);
    expect(store.getSync('g', T0 + 2_000)).toBeUndefined();
  });

  it.each<[string, CacheEntry]>([
    ['an undefined value', { value: undefined, createdAt: T0, expiresAt: T0 + 1_000, staleUntil: T0 + 1_000, tags: [] }],
    ['a null value', { value: null, createdAt: T0, expiresAt: T0 + 1_000, staleUntil: T0 + 1_000, tags: [] }],
    ['a life of 1 ms', { value: 'brief', createdAt: T0, expiresAt: T0 + 1, staleUntil: T0 + 1, tags: [] }],
    ['a createdAt of 0', { value: 'epoch', createdAt: 0, expiresAt: T0 + 1_000, staleUntil: T0 + 1_000, tags: [] }],
  ])('keeps %s exactly', async (_name, entry) => {
    const store = new MemoryStore();
    await store.set('k', entry);
    expect(await store.has('k')).toBe(true);
    expect(store.getSync('k', T0)).toEqual(entry);
    expect(store.getSync('k', entry.staleUntil)).toBeUndefined();
  });

  it('getFreshValueSync answers bare and wrapped entries alike, and reclaims an expired one as getSync does', async () => {
    const store = new MemoryStore();
    const evicted: string[] = [];
    store.onEvict((key) => evicted.push(key));
    const miss = Symbol('miss');
    await store.set('bare', testEntry('b', { now: T0, ttl: 1_000 }));
    await store.set('tagged', testEntry('t', { now: T0, ttl: 1_000, tags: ['x'] }));
    await store.set('grace', testEntry('g', { now: T0, ttl: 1_000, stale: 1_000 }));
    expect(['bare', 'tagged', 'grace'].map((key) => store.getFreshValueSync(key, T0 + 999, miss))).toEqual(['b', 't', 'g']);
    // Past expiresAt: the grace entry is kept (getSync still has it) but is not fresh.
    expect(store.getFreshValueSync('grace', T0 + 1_500, miss)).toBe(miss);
    expect(store.getSync('grace', T0 + 1_500)?.value).toBe('g');
    expect(['bare', 'tagged'].map((key) => store.getFreshValueSync(key, T0 + 1_000, miss))).toEqual([miss, miss]);
    expect(store.getFreshValueSync('grace', T0 + 2_000, miss)).toBe(miss);
    expect(evicted.sort()).toEqual(['bare', 'grace', 'tagged']);
    expect(store.size).toBe(0);
  });

  it('evicts bare values by LRU order like any other entry', async () => {
    const store = new MemoryStore({ maxEntries: 2 });
    const evicted: string[] = [];
    store.onEvict((key) => evicted.push(key));
    await store.set('a', testEntry(1));
    await store.set('b', testEntry(2));
    await store.get('a');
    await store.set('c', testEntry(3));
    expect(evicted).toEqual(['b']);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual([expect.objectContaining({ value: 1 }), undefined, expect.objectContaining({ value: 3 })]);
  });
});
