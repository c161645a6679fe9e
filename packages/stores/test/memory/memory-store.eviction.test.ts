import { CacheClosedError, CacheConfigError } from '@cachet/core';
import { testEntry } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

describe('MemoryStore eviction and expiry', () => {
  it('evicts the least recently used entry past maxEntries and reports it to onEvict', async () => {
    const store = new MemoryStore({ maxEntries: 3 });
    const evicted: string[] = [];
    store.onEvict((key) => evicted.push(key));
    await store.setMany([['a', testEntry(1)], ['b', testEntry(2)], ['c', testEntry(3)]]);
    await store.get('a'); // a is now the most recently used; b is the oldest
    await store.set('d', testEntry(4));
    expect(evicted).toEqual(['b']);
    expect(await store.get('b')).toBeUndefined();
    expect((await store.getMany(['a', 'c', 'd'])).map((e) => e?.value)).toEqual([1, 3, 4]);
    expect(store.size).toBe(3);
  });

  it('does not report explicit delete, clear or overwrite to onEvict', async () => {
    const store = new MemoryStore({ maxEntries: 10 });
    const evicted: string[] = [];
    store.onEvict((key) => evicted.push(key));
    await store.set('a', testEntry(1));
    await store.set('a', testEntry(2));
    await store.set('b', testEntry(3));
    await store.delete(['a']);
    await store.clear();
    expect(evicted).toEqual([]);
  });

  it('reports an entry that expired when it is next touched, and stops reporting once unsubscribed', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const store = new MemoryStore();
      const evicted: string[] = [];
      const off = store.onEvict((key) => evicted.push(key));
      await store.set('short', testEntry('x', { ttl: 1_000 }));
      await store.set('stale', testEntry('y', { ttl: 1_000, stale: 5_000 }));
      jest.advanceTimersByTime(2_000);
      expect((await store.get('stale'))?.value).toBe('y'); // past expiresAt, within staleUntil: still there
      expect(await store.get('short')).toBeUndefined();
      expect(evicted).toEqual(['short']);
      off();
      jest.advanceTimersByTime(10_000);
      expect(await store.has('stale')).toBe(false);
      expect(evicted).toEqual(['short']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not store an entry that is already past staleUntil, and replaces what was there', async () => {
    const store = new MemoryStore();
    await store.set('a', testEntry('live'));
    await store.set('a', testEntry('dead', { now: Date.now() - 10_000, ttl: 1_000 }));
    expect(await store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('evicts by size with a custom sizeOf, and skips an entry larger than maxSize', async () => {
    const store = new MemoryStore({ maxEntries: 0, maxSize: 10, sizeOf: (entry) => String(entry.value).length });
    const evicted: string[] = [];
    store.onEvict((key) => evicted.push(key));
    await store.set('a', testEntry('aaaa'));
    await store.set('b', testEntry('bbbb'));
    await store.set('c', testEntry('cccc')); // 12 > 10: a goes
    expect(evicted).toEqual(['a']);
    await store.set('huge', testEntry('x'.repeat(11)));
    expect(await store.get('huge')).toBeUndefined();
    expect((await store.get('c'))?.value).toBe('cccc');
  });

  it('bounds memory with the default size estimate', async () => {
    const store = new MemoryStore({ maxEntries: 0, maxSize: 100_000 });
    for (let i = 0; i < 1_000; i++) await store.set(`k${i}`, testEntry({ id: i, text: 'x'.repeat(200) }));
    expect(store.size).toBeGreaterThan(10);
    expect(store.size).toBeLessThan(250); // each entry is estimated at well over 400 bytes
  });

  it('estimates cyclic and deeply nested values without hanging', async () => {
    const store = new MemoryStore({ maxSize: 1_000_000 });
    const cyclic: { self?: unknown; deep?: unknown } = {};
    cyclic.self = cyclic;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    cyclic.deep = deep;
    await store.set('c', testEntry(cyclic));
    expect(store.getSync('c')?.value).toBe(cyclic);
  });

  it('refuses a sizeOf answer that is not a positive number, naming the key', async () => {
    const store = new MemoryStore({ maxSize: 100, sizeOf: () => -1 });
    await expect(store.set('k', testEntry(1))).rejects.toThrow(CacheConfigError);
    await expect(store.set('k', testEntry(1))).rejects.toThrow(/sizeOf returned -1 for key 'k'/);
  });

  it('surfaces a failing onEvict listener after telling the others', async () => {
    const store = new MemoryStore({ maxEntries: 1 });
    const told: string[] = [];
    store.onEvict(() => {
      throw new Error('listener failed');
    });
    store.onEvict((key) => told.push(key));
    await store.set('a', testEntry(1));
    await expect(store.set('b', testEntry(2))).rejects.toThrow('listener failed');
    expect(told).toEqual(['a']);
    expect((await store.get('b'))?.value).toBe(2); // the write itself went through
  });

  it('scans in batches of at most 1,000 keys and tolerates deletes while scanning', async () => {
    const store = new MemoryStore({ maxEntries: 5_000 });
    await store.setMany(Array.from({ length: 2_500 }, (_, i) => [`k:${i}`, testEntry(i)] as const));
    const sizes: number[] = [];
    for await (const batch of store.scan('k:*')) {
      sizes.push(batch.length);
      await store.delete(batch);
    }
    expect(sizes).toEqual([1_000, 1_000, 500]);
    expect(store.size).toBe(0);
  });

  it('creates a MemoryTagIndex', () => {
    expect(new MemoryStore().createTagIndex().name).toBe('memory-tags');
  });

  it('throws CacheClosedError once closed', async () => {
    const store = new MemoryStore();
    await store.close();
    await store.close(); // idempotent
    expect(() => store.getSync('a')).toThrow(CacheClosedError);
    await expect(store.get('a')).rejects.toThrow(CacheClosedError);
    await expect(store.set('a', testEntry(1))).rejects.toThrow(CacheClosedError);
    await expect(store.ping()).rejects.toThrow(CacheClosedError);
  });
});
