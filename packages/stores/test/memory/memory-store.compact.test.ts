import type { CacheEntry } from '@cachet/core';
import { collectScan, testEntry } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

/** The times and tags of `entry`, read by name as the provider reads them. */
function timesOf(entry: CacheEntry | undefined) {
  return entry && { createdAt: entry.createdAt, expiresAt: entry.expiresAt, staleUntil: entry.staleUntil, tags: [...entry.tags] };
}

describe('MemoryStore keeps entries compact without changing what readers see', () => {
  const NOW = Date.now();

  it.each<[string, CacheEntry]>([
    ['whole milliseconds', { value: 1, createdAt: NOW, expiresAt: NOW + 300_000, staleUntil: NOW + 360_000, tags: [] }],
    ['fractional times', { value: 2, createdAt: NOW + 0.25, expiresAt: NOW + 1_000.5, staleUntil: NOW + 2_000.75, tags: [] }],
    ['a staleUntil of Infinity', { value: 3, createdAt: NOW, expiresAt: NOW + 1_000, staleUntil: Number.POSITIVE_INFINITY, tags: ['t'] }],
    ['a createdAt in the future', { value: 4, createdAt: NOW + 5_000, expiresAt: NOW + 6_000, staleUntil: NOW + 6_000, tags: [] }],
    ['a TTL past the small-integer range', { value: 5, createdAt: NOW, expiresAt: NOW + 2 ** 32, staleUntil: NOW + 2 ** 33, tags: ['a', 'b'] }],
  ])('gives back %s exactly', async (_name, entry) => {
    const store = new MemoryStore();
    await store.set('k', entry);
    expect(timesOf(store.getSync('k'))).toEqual(timesOf(entry));
    expect(store.getSync('k')?.value).toBe(entry.value);
  });

  it('keeps each entry exact when entries with the same TTL are written far apart in time', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const store = new MemoryStore();
      const written: Array<[string, CacheEntry]> = [];
      // 20 days apart: beyond the ±12 days one shared lifetime's offsets cover.
      for (let i = 0; i < 4; i++) {
        const entry = testEntry(i, { ttl: 365 * 86_400_000 });
        written.push([`k${i}`, entry]);
        await store.set(`k${i}`, entry);
        jest.advanceTimersByTime(20 * 86_400_000);
      }
      for (const [key, entry] of written) expect(timesOf(store.getSync(key))).toEqual(timesOf(entry));
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps entries exact across more distinct TTLs than it shares', async () => {
    const store = new MemoryStore({ maxEntries: 2_000 });
    const written: CacheEntry[] = [];
    for (let i = 0; i < 1_000; i++) {
      const entry = testEntry(i, { now: NOW - i, ttl: 10_000 + i, stale: i % 7 });
      written.push(entry);
      await store.set(`k${i}`, entry);
    }
    written.forEach((entry, i) => expect(timesOf(store.getSync(`k${i}`))).toEqual(timesOf(entry)));
  });

  it('answers untagged entries with an empty tag list and keeps a tagged entry’s tags', async () => {
    const store = new MemoryStore();
    await store.set('plain', testEntry(1));
    await store.set('tagged', testEntry(2, { tags: ['users', 'user:2'] }));
    expect(store.getSync('plain')?.tags).toEqual([]);
    expect(store.getSync('tagged')?.tags).toEqual(['users', 'user:2']);
  });

  it('serializes a read entry to its plain fields', async () => {
    const store = new MemoryStore();
    const entry = testEntry({ id: 1 }, { stale: 1_000, tags: ['t'] });
    await store.set('k', entry);
    expect(JSON.parse(JSON.stringify(store.getSync('k')))).toEqual(entry);
  });

  it('judges liveness by the `now` getSync is given', async () => {
    const store = new MemoryStore();
    const entry = testEntry('v', { now: NOW, ttl: 1_000 });
    await store.set('k', entry);
    expect(store.getSync('k', NOW + 999)?.value).toBe('v');
    expect(store.getSync('k', entry.staleUntil)).toBeUndefined();
  });

  it('keeps a key whose text is not in Unicode normal form exactly as given', async () => {
    const store = new MemoryStore();
    const decomposed = 'caf\u0065\u0301:1'; // "café" with a combining accent; NFC would compose it
    await store.set(decomposed, testEntry(1));
    expect(store.getSync(decomposed)?.value).toBe(1);
    expect(store.getSync(decomposed.normalize())).toBeUndefined();
    expect(await collectScan(store.scan('caf*'))).toEqual([decomposed]);
  });
});
