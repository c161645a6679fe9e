import { CacheConfigError } from '@cachet/core';
import type { CacheEntry } from '@cachet/core';
import { testEntry } from '@cachet/core/testing';
import { MemoryTagIndex } from '@cachet/tags';
import { DEFAULT_TIERED_STORE_OPTIONS, MemoryStore, TieredStore } from '@cachet/stores';
import type { TieredStoreOptions } from '@cachet/stores';
import { LocalBusHub } from './local-bus';

/** The L1 record's own deadline (L1 keeps a wrapper whose staleUntil is the copy's deadline). */
const l1Deadline = (l1: MemoryStore, key: string) => l1.getSync(key)?.staleUntil;

function tiers(options: Partial<TieredStoreOptions> = {}) {
  const l1 = new MemoryStore();
  const l2 = new MemoryStore();
  const store = new TieredStore({ l1, l2, bus: false, ...options });
  return { l1, l2, store };
}

describe('TieredStore options', () => {
  afterEach(() => jest.useRealTimers());

  it('has frozen defaults', () => {
    expect(DEFAULT_TIERED_STORE_OPTIONS).toEqual({ writeThrough: true, promote: true, fallbackToL1: true, l1TtlFraction: 0.25, enableL1: true, enableL2: true, maxPendingMessages: 1_000 });
    expect(Object.isFrozen(DEFAULT_TIERED_STORE_OPTIONS)).toBe(true);
  });

  it.each([
    ['l1TtlFraction 0', { l1TtlFraction: 0 }, /l1TtlFraction must be a number in \(0, 1\]/],
    ['l1TtlFraction 1.5', { l1TtlFraction: 1.5 }, /l1TtlFraction/],
    ['l1TtlFraction NaN', { l1TtlFraction: NaN }, /l1TtlFraction/],
    ['both tiers disabled', { enableL1: false, enableL2: false }, /enable at least one tier/],
    ['fallbackToL1 not a boolean', { fallbackToL1: 'yes' }, /fallbackToL1 must be true or false/],
    ['no l1', { l1: undefined }, /needs l1/],
    ['no l2', { l2: undefined }, /needs l2/],
    ['an l1 without getSync', { l1: { name: 'remote', get: jest.fn(), set: jest.fn(), delete: jest.fn() } }, /must keep entries in this process/],
    ['an unknown option', { ttl: 5 }, /unknown option 'ttl'/],
    ['a non-boolean flag', { promote: 'yes' }, /promote must be true or false/],
    ['a bad bus', { bus: {} }, /InvalidationBus/],
    ['maxPendingMessages 0', { maxPendingMessages: 0 }, /maxPendingMessages/],
  ])('refuses %s with a CacheConfigError', (_, patch, message) => {
    const options = { l1: new MemoryStore(), l2: new MemoryStore(), bus: false, ...patch } as unknown as TieredStoreOptions;
    expect(() => new TieredStore(options)).toThrow(CacheConfigError);
    expect(() => new TieredStore(options)).toThrow(message);
  });

  it('writes through to L1 by default', async () => {
    const { l1, l2, store } = tiers();
    await store.set('k', testEntry('v'));
    expect((await l2.get('k'))?.value).toBe('v');
    expect(store.getSync('k')?.value).toBe('v');
    expect(l1.size).toBe(1);
  });

  it('writeThrough: false writes L2 only, and drops the old L1 copy', async () => {
    const { l1, store } = tiers({ writeThrough: false });
    await store.set('k', testEntry('old'));
    expect(store.getSync('k')).toBeUndefined();
    expect((await store.get('k'))?.value).toBe('old'); // promoted
    expect(store.getSync('k')?.value).toBe('old');
    await store.set('k', testEntry('new'));
    expect(l1.size).toBe(0);
    expect((await store.get('k'))?.value).toBe('new');
  });

  it('promote: false leaves L2 hits out of L1', async () => {
    const { l1, l2, store } = tiers({ promote: false });
    await l2.set('k', testEntry('v'));
    expect((await store.get('k'))?.value).toBe('v');
    expect(store.getSync('k')).toBeUndefined();
    expect(l1.size).toBe(0);
    expect(store.stats()).toMatchObject({ l2Hits: 1, promotions: 0 });
  });

  it('l1TtlFraction: an L1 copy lives that share of the remaining L2 lifetime, then L2 answers again', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { l1, l2, store } = tiers({ l1TtlFraction: 0.5 });
    const entry = testEntry('v', { ttl: 60_000, stale: 40_000 }); // staleUntil = now + 100 s
    await l2.set('k', entry);
    await store.get('k');
    expect(l1Deadline(l1, 'k')).toBe(1_000_000 + 50_000);
    jest.setSystemTime(1_000_000 + 49_999);
    expect(store.getSync('k')).toEqual(entry); // the entry itself, with L2's own expiry, not the copy's
    jest.setSystemTime(1_000_000 + 50_001);
    expect(store.getSync('k')).toBeUndefined();
    expect(await store.get('k')).toEqual(entry);
    expect(l1Deadline(l1, 'k')).toBe(Math.floor(1_000_000 + 50_001 + (entry.staleUntil - (1_000_000 + 50_001)) * 0.5));
    // Writes follow the same rule.
    await store.set('w', testEntry('w', { ttl: 1_000 }));
    expect(l1Deadline(l1, 'w')).toBe(Date.now() + 500);
  });

  it('enableL1: false sends every call to L2 and still publishes invalidations', async () => {
    const hub = new LocalBusHub();
    const { l1, l2, store } = tiers({ enableL1: false, bus: hub.bus() });
    await store.set('k', testEntry('v'));
    expect(store.getSync('k')).toBeUndefined();
    expect((await store.get('k'))?.value).toBe('v');
    expect(l1.size).toBe(0);
    expect(l2.size).toBe(1);
    await store.delete(['k']);
    expect(hub.published.map((p) => JSON.parse(p).op)).toEqual(['keys', 'keys']);
    expect(store.stats().bus.state).toBe('up');
  });

  it('enableL2: false keeps entries in L1 for their whole life and uses L1 tag index and scan', async () => {
    const { l1, l2, store } = tiers({ enableL2: false });
    const entry: CacheEntry = testEntry('v', { ttl: 10_000, tags: ['t'] });
    await store.set('k', entry);
    expect(l2.size).toBe(0);
    expect(l1Deadline(l1, 'k')).toBe(entry.staleUntil);
    expect(store.getSync('k')).toEqual(entry);
    expect(store.createTagIndex()).toBeInstanceOf(MemoryTagIndex);
    const scanned: string[] = [];
    for await (const batch of store.scan('*')) scanned.push(...batch);
    expect(scanned).toEqual(['k']);
    await store.onTagsInvalidated(['t']);
    expect(await store.get('k')).toBeUndefined();
  });

  it('bus: false (the control): a second instance keeps serving its stale L1 copy', async () => {
    const l2 = new MemoryStore();
    const a = new TieredStore({ l1: new MemoryStore(), l2, bus: false });
    const b = new TieredStore({ l1: new MemoryStore(), l2, bus: false });
    await a.set('k', testEntry('old'));
    await b.get('k');
    await a.delete(['k']);
    expect(b.getSync('k')?.value).toBe('old');
    expect(b.stats().bus.state).toBe('off');
  });
});
