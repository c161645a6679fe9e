import { CacheClosedError, CacheConfigError } from '@cachet/core';
import type { CacheEntry, CacheStore } from '@cachet/core';
import { ChaosStore, testEntry } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';
import { MemoryTagIndex } from '@cachet/tags';
import type { MemoryTagIndexOptions } from '@cachet/tags';

describe('MemoryTagIndex write guard', () => {
  let store: MemoryStore;
  beforeEach(() => {
    store = new MemoryStore();
  });
  afterEach(() => store.close());

  it('lets through writes that no invalidation since the token concerns', async () => {
    const index = new MemoryTagIndex();
    const token = index.begin();
    await index.delete(store, ['other-key']);
    await index.invalidate(store, ['other-tag']);
    await index.revoke(store, 'other:*');
    expect(await index.write(store, 'mine', testEntry(1, { tags: ['my-tag'] }), token)).toBe(true);
    expect((await store.get('mine'))?.value).toBe(1);
  });

  it('takes back a write when an invalidation lands while the store is writing', async () => {
    const index = new MemoryTagIndex();
    const slow = new ChaosStore(store).stall(30);
    const token = index.begin();
    const writing = index.write(slow, 'k', testEntry('stale', { tags: ['t'] }), token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await index.invalidate(store, ['t']); // the key is not in the index yet, so this alone removes nothing
    expect(await writing).toBe(false);
    expect(await store.get('k')).toBeUndefined();
    expect(await index.keysForTag('t')).toEqual([]);
  });

  it('forgets marks after guardWindow and then refuses tokens that predate them', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const index = new MemoryTagIndex({ guardWindow: '1m' });
      const old = index.begin();
      await index.invalidate(store, ['a']);
      expect(index.stats().marks).toBe(1);
      jest.advanceTimersByTime(61_000);
      await index.invalidate(store, ['b']); // marking prunes what is past the window
      expect(index.stats().marks).toBe(1);
      // The 'a' mark is gone, so the guard can no longer prove this write safe: refused.
      expect(await index.write(store, 'x', testEntry(1, { tags: ['unrelated'] }), old)).toBe(false);
      const recent = index.begin();
      expect(await index.write(store, 'x', testEntry(1, { tags: ['unrelated'] }), recent)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('checks a write only against revokes that ran after its token', async () => {
    const index = new MemoryTagIndex();
    await index.revoke(store, 'a:*');
    const token = index.begin();
    for (let i = 0; i < 1_000; i++) await index.revoke(store, `b:${i}:*`);
    expect(await index.write(store, 'a:1', testEntry(1), token)).toBe(true); // 'a:*' predates the token
    expect(await index.write(store, 'b:5:x', testEntry(1), token)).toBe(false);
    expect(await index.write(store, 'c:1', testEntry(1), token)).toBe(true);
    expect(index.stats().marks).toBe(1_001);
  });

  it('still accepts an old token when nothing was invalidated since it was taken', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const index = new MemoryTagIndex({ guardWindow: '1m' });
      await index.invalidate(store, ['before']);
      const token = index.begin();
      jest.advanceTimersByTime(3_600_000);
      expect(await index.write(store, 'x', testEntry(1, { tags: ['before'] }), token)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps at most maxMarks marks, dropping the oldest', async () => {
    const index = new MemoryTagIndex({ maxMarks: 100 });
    const early = index.begin();
    for (let i = 0; i < 1_000; i++) await index.delete(store, [`k${i}`]);
    expect(index.stats().marks).toBeLessThanOrEqual(100);
    const late = index.begin() - 1; // taken just before the last delete
    expect(await index.write(store, 'k999', testEntry(1), late)).toBe(false);
    expect(await index.write(store, 'k5', testEntry(1), early)).toBe(false); // its mark was dropped: refused
    expect(await index.write(store, 'fresh', testEntry(1), index.begin())).toBe(true);
  });

  it('refuses a token that is not a number it issued', async () => {
    const index = new MemoryTagIndex();
    await index.delete(store, ['k']);
    expect(await index.write(store, 'z', testEntry(1), Number.NaN)).toBe(false);
  });

  it('records nothing for an entry already past staleUntil', async () => {
    const index = new MemoryTagIndex();
    const dead: CacheEntry = testEntry(1, { now: Date.now() - 10_000, ttl: 1_000, tags: ['t'] });
    expect(await index.write(store, 'k', dead)).toBe(true);
    expect(index.stats().keys).toBe(0);
  });

  it('keeps the records when the store fails an invalidation, so a retry still removes the entries', async () => {
    const index = new MemoryTagIndex();
    const chaos = new ChaosStore(store);
    await index.write(chaos, 'a', testEntry(1, { tags: ['t'] }));
    await index.write(chaos, 'b', testEntry(2, { tags: ['u'] }));
    chaos.alwaysThrow();
    await expect(index.invalidate(chaos, ['t'])).rejects.toThrow(/failure injected/);
    await expect(index.delete(chaos, ['b'])).rejects.toThrow(/failure injected/);
    await expect(index.revoke(chaos, '*')).rejects.toThrow(/failure injected/);
    await expect(index.clear(chaos)).rejects.toThrow(/failure injected/);
    chaos.recover();
    expect(await index.keysForTag('t')).toEqual(['a']);
    expect(await index.invalidate(chaos, ['t'])).toBe(1);
    expect(await index.delete(chaos, ['b'])).toBe(1);
  });

  it('keeps a record written while an invalidation waited on the store', async () => {
    const index = new MemoryTagIndex();
    const slow = new ChaosStore(store);
    await index.write(store, 'a', testEntry('old', { tags: ['t'] }));
    slow.stall(30);
    const invalidating = index.invalidate(slow, ['t']);
    // A load that began after the invalidation writes a fresh entry while the store is still busy.
    await index.write(store, 'a', testEntry('fresh', { tags: ['t'] }), index.begin());
    await invalidating;
    expect(await index.keysForTag('t')).toEqual(['a']);
  });

  it('propagates store failures, recording nothing', async () => {
    const index = new MemoryTagIndex();
    const failing: CacheStore = new ChaosStore(store).alwaysThrow();
    await expect(index.write(failing, 'k', testEntry(1, { tags: ['t'] }))).rejects.toThrow(/failure injected/);
    expect(await index.keysForTag('t')).toEqual([]);
  });

  it('throws CacheClosedError once closed, but forget() stays safe for late eviction callbacks', async () => {
    const index = new MemoryTagIndex();
    await index.close();
    expect(() => index.begin()).toThrow(CacheClosedError);
    await expect(index.write(store, 'k', testEntry(1))).rejects.toThrow(CacheClosedError);
    expect(() => index.forget(['k'])).not.toThrow();
  });

  it.each<[string, unknown, RegExp]>([
    ['a zero guardWindow', { guardWindow: 0 }, /guardWindow must be greater than 0/],
    ['a malformed guardWindow', { guardWindow: 'ten minutes' }, /guardWindow/],
    ['a fractional maxMarks', { maxMarks: 1.5 }, /maxMarks must be a positive integer/],
    ['an unknown option', { window: 5 }, /unknown option 'window'/],
  ])('refuses %s with a CacheConfigError', (_what, options, message) => {
    const create = () => new MemoryTagIndex(options as MemoryTagIndexOptions);
    expect(create).toThrow(CacheConfigError);
    expect(create).toThrow(message);
  });
});
