import { testEntry } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';
import { MemoryTagIndex } from '@cachet/tags';

/** 100,000 writes take a few seconds; leave room for a loaded CI machine. */
const MANY_WRITES_TIMEOUT_MS = 120_000;

describe('MemoryTagIndex stays bounded', () => {
  it('100,000 tagged entries cycling through a 1,000-entry store leave about 1,000 keys indexed', async () => {
    const store = new MemoryStore({ maxEntries: 1_000 });
    const index = new MemoryTagIndex();
    store.onEvict((key) => index.forget([key])); // as the provider wires them
    for (let i = 0; i < 100_000; i++) {
      await index.write(store, `k:${i}`, testEntry(i, { tags: [`user:${i}`, `group:${i % 50}`] }));
    }
    const { keys, tags } = index.stats();
    expect(store.size).toBe(1_000);
    expect(keys).toBeLessThanOrEqual(1_000);
    expect(tags).toBeLessThanOrEqual(1_050);
    expect((await index.keysForTag('group:0')).length).toBeLessThanOrEqual(20);
    expect(await index.tagsForKey('k:0')).toEqual([]); // evicted long ago
    expect(await index.tagsForKey('k:99999')).toEqual(['user:99999', 'group:49']);
    await store.close();
  }, MANY_WRITES_TIMEOUT_MS);

  it('entries that expire and are never read do not accumulate', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const store = new MemoryStore({ maxEntries: 200_000 }); // roomy: nothing is evicted for capacity
      const index = new MemoryTagIndex();
      store.onEvict((key) => index.forget([key]));
      let peak = 0;
      for (let round = 0; round < 50; round++) {
        for (let i = 0; i < 2_000; i++) {
          await index.write(store, `r${round}:${i}`, testEntry(i, { ttl: 50, tags: [`round:${round}`, `item:${i}`] }));
        }
        jest.advanceTimersByTime(100); // everything written so far is now past staleUntil
        peak = Math.max(peak, index.stats().keys);
      }
      // 100,000 written; live at any time ≤ 2,000. The sweep runs when the index doubles.
      expect(peak).toBeLessThanOrEqual(4_100);
      expect(await index.listTags()).toEqual([]);
      expect(index.stats()).toEqual({ keys: 0, tags: 0, marks: 0 });
      await store.close();
    } finally {
      jest.useRealTimers();
    }
  }, MANY_WRITES_TIMEOUT_MS);

  it('untagged entries are not recorded, and a rewrite without tags drops the old record', async () => {
    const store = new MemoryStore();
    const index = new MemoryTagIndex();
    for (let i = 0; i < 1_000; i++) await index.write(store, `plain:${i}`, testEntry(i));
    expect(index.stats()).toEqual({ keys: 0, tags: 0, marks: 0 });
    await index.write(store, 'k', testEntry('tagged', { tags: ['t'] }));
    await index.write(store, 'k', testEntry('untagged'));
    expect(index.stats()).toEqual({ keys: 0, tags: 0, marks: 0 });
    expect(await index.invalidate(store, ['t'])).toBe(0); // the untagged rewrite is not the tag's any more
    expect((await store.get('k'))?.value).toBe('untagged');
    expect(await index.revoke(store, 'plain:*')).toBe(1_000); // found by the store's scan
  });

  it('a key rewritten many times is indexed once', async () => {
    const store = new MemoryStore();
    const index = new MemoryTagIndex();
    for (let i = 0; i < 1_000; i++) await index.write(store, 'same', testEntry(i, { tags: [`t${i % 3}`] }));
    expect(index.stats()).toEqual({ keys: 1, tags: 1, marks: 0 });
  });
});
