import assert from 'node:assert/strict';
import type { CacheEntry } from '../contracts/cache-entry';
import { sleep, testEntry } from './kit';
import type { StoreCase } from './store-case';

/** Short enough to keep the suite fast, long enough to be well past any backend's clock granularity. */
const SHORT_LIFE_MS = 40;
const WAIT_PAST_MS = 120;

/** Compares the fields of the contract, ignoring anything extra a store may attach. */
export function assertSameEntry(actual: CacheEntry | undefined, expected: CacheEntry, what = 'entry'): void {
  assert.ok(actual !== undefined, `${what}: expected an entry, got a miss`);
  assert.deepStrictEqual(actual.value, expected.value, `${what}: value`);
  assert.equal(actual.expiresAt, expected.expiresAt, `${what}: expiresAt`);
  assert.equal(actual.staleUntil, expected.staleUntil, `${what}: staleUntil`);
  assert.equal(actual.createdAt, expected.createdAt, `${what}: createdAt`);
  assert.deepStrictEqual([...actual.tags], [...expected.tags], `${what}: tags`);
}

/** get / set / has / delete, batches, overwrite, expiry and clear. */
export const BASIC_CASES: readonly StoreCase[] = [
  ['has a non-empty name', async ({ open }) => {
    const store = await open();
    assert.equal(typeof store.name, 'string');
    assert.ok(store.name.length > 0);
  }],
  ['get() resolves undefined for a missing key', async ({ open, key }) => {
    const store = await open();
    assert.equal(await store.get(key('missing')), undefined);
    assert.equal(await store.has(key('missing')), false);
  }],
  ['set() then get() returns the entry', async ({ open, key }) => {
    const store = await open();
    const entry = testEntry({ id: 1, name: 'Ada' }, { tags: ['users'] });
    await store.set(key('a'), entry);
    assertSameEntry(await store.get(key('a')), entry);
    assert.equal(await store.has(key('a')), true);
  }],
  ['getSync(), where offered, agrees with get()', async ({ open, key }) => {
    const store = await open();
    if (!store.getSync) return;
    const entry = testEntry('sync');
    await store.set(key('a'), entry);
    assertSameEntry(store.getSync(key('a')), entry);
    assert.equal(store.getSync(key('missing')), undefined);
  }],
  ['getFreshValueSync(), where offered, answers fresh values and `miss` for everything else', async ({ open, key }) => {
    const store = await open();
    if (!store.getFreshValueSync) return;
    const miss = Symbol('miss');
    const now = Date.now();
    await store.set(key('fresh'), testEntry({ id: 1 }, { now, tags: ['t'] }));
    await store.set(key('undefined'), testEntry(undefined, { now }));
    await store.set(key('stale'), testEntry('stale', { now: now - 2_000, ttl: 1_000, stale: 60_000 }));
    assert.deepStrictEqual(store.getFreshValueSync(key('fresh'), now, miss), { id: 1 });
    assert.equal(store.getFreshValueSync(key('undefined'), now, miss), undefined, 'an undefined value is a value, not a miss');
    assert.equal(store.getFreshValueSync(key('stale'), now, miss), miss, 'past expiresAt: not fresh, though getSync still has it');
    assert.equal(store.getSync?.(key('stale'), now)?.value, 'stale');
    assert.equal(store.getFreshValueSync(key('missing'), now, miss), miss);
    assert.equal(store.getFreshValueSync(key('fresh'), now + 120_000, miss), miss, 'judged by the `now` given');
  }],
  ['set() replaces the value, expiry and tags of an existing key', async ({ open, key }) => {
    const store = await open();
    await store.set(key('a'), testEntry('first', { tags: ['x', 'y'] }));
    const second = testEntry('second', { ttl: 120_000, tags: ['z'] });
    await store.set(key('a'), second);
    assertSameEntry(await store.get(key('a')), second);
  }],
  ['keys with separators, glob characters, spaces and unicode are stored verbatim', async ({ open, key }) => {
    const store = await open();
    const keys = [key('a:b:c'), key('star\\*'), key('a*b'), key('q?[x]'), key('with space'), key('ünïcode:日本:🚀')];
    for (const [i, k] of keys.entries()) await store.set(k, testEntry(i));
    for (const [i, k] of keys.entries()) assert.equal((await store.get(k))?.value, i, k);
    assert.equal(await store.get(key('a\\*b')), undefined, 'an escaped key is a different key');
  }],
  ['delete() removes the keys and resolves to how many existed', async ({ open, key }) => {
    const store = await open();
    await store.setMany([[key('a'), testEntry(1)], [key('b'), testEntry(2)], [key('c'), testEntry(3)]]);
    assert.equal(await store.delete([key('a'), key('b'), key('missing')]), 2);
    assert.equal(await store.get(key('a')), undefined);
    assert.equal(await store.get(key('b')), undefined);
    assert.equal((await store.get(key('c')))?.value, 3);
    assert.equal(await store.delete([key('a')]), 0, 'deleting again finds nothing');
    assert.equal(await store.delete([]), 0);
  }],
  ['getMany() keeps the order of the keys and reports misses as undefined', async ({ open, key }) => {
    const store = await open();
    const a = testEntry('a');
    const c = testEntry('c');
    await store.set(key('a'), a);
    await store.set(key('c'), c);
    const got = await store.getMany([key('c'), key('missing'), key('a'), key('c')]);
    assert.equal(got.length, 4);
    assertSameEntry(got[0], c, 'getMany[0]');
    assert.equal(got[1], undefined);
    assertSameEntry(got[2], a, 'getMany[2]');
    assertSameEntry(got[3], c, 'getMany[3]');
    assert.deepStrictEqual(await store.getMany([]), []);
  }],
  ['setMany() stores every entry with its own expiry', async ({ open, key }) => {
    const store = await open();
    const short = testEntry('short', { ttl: SHORT_LIFE_MS });
    const long = testEntry('long', { tags: ['t'] });
    await store.setMany([[key('short'), short], [key('long'), long]]);
    assertSameEntry(await store.get(key('long')), long);
    assertSameEntry(await store.get(key('short')), short);
    await sleep(WAIT_PAST_MS);
    assert.equal(await store.get(key('short')), undefined);
    assertSameEntry(await store.get(key('long')), long);
    await store.setMany([]);
  }],
  ['an entry past staleUntil is gone from get, getMany and has', async ({ open, key }) => {
    const store = await open();
    await store.set(key('a'), testEntry('soon gone', { ttl: SHORT_LIFE_MS }));
    await sleep(WAIT_PAST_MS);
    assert.equal(await store.get(key('a')), undefined);
    assert.deepStrictEqual(await store.getMany([key('a')]), [undefined]);
    assert.equal(await store.has(key('a')), false);
    if (store.getSync) assert.equal(store.getSync(key('a')), undefined);
  }],
  ['an entry past expiresAt but before staleUntil is still returned', async ({ open, key }) => {
    const store = await open();
    const stale = testEntry('stale', { ttl: 10, stale: 60_000 });
    const alreadyStale = testEntry('written stale', { now: Date.now() - 5_000, ttl: 1_000, stale: 60_000 });
    await store.set(key('a'), stale);
    await store.set(key('b'), alreadyStale);
    await sleep(SHORT_LIFE_MS);
    assertSameEntry(await store.get(key('a')), stale);
    assertSameEntry(await store.get(key('b')), alreadyStale);
    assert.equal(await store.has(key('a')), true);
  }],
  ['overwriting a key also replaces its expiry', async ({ open, key }) => {
    const store = await open();
    await store.set(key('shortened'), testEntry('long'));
    await store.set(key('shortened'), testEntry('short', { ttl: SHORT_LIFE_MS }));
    await store.set(key('extended'), testEntry('short', { ttl: SHORT_LIFE_MS }));
    const extended = testEntry('long');
    await store.set(key('extended'), extended);
    await sleep(WAIT_PAST_MS);
    assert.equal(await store.get(key('shortened')), undefined);
    assertSameEntry(await store.get(key('extended')), extended);
  }],
  ['clear() removes every entry of the store, which stays usable', async ({ open, key }) => {
    const store = await open();
    await store.setMany([[key('a'), testEntry(1)], [key('b'), testEntry(2, { tags: ['t'] })]]);
    await store.clear();
    assert.deepStrictEqual(await store.getMany([key('a'), key('b')]), [undefined, undefined]);
    await store.set(key('c'), testEntry(3));
    assert.equal((await store.get(key('c')))?.value, 3);
  }],
  ['clear() leaves stores with another prefix alone', async ({ open, key }) => {
    const mine = await open();
    const theirs = await open();
    await mine.set(key('shared'), testEntry('mine'));
    await mine.set(key('only-mine'), testEntry('mine'));
    await theirs.set(key('shared'), testEntry('theirs'));
    await theirs.set(key('only-theirs'), testEntry('theirs'));
    await mine.clear();
    assert.equal(await mine.get(key('shared')), undefined);
    assert.equal(await mine.get(key('only-mine')), undefined);
    assert.equal((await theirs.get(key('shared')))?.value, 'theirs');
    assert.equal((await theirs.get(key('only-theirs')))?.value, 'theirs');
  }],
  ['ping(), where offered, resolves on a healthy store', async ({ open }) => {
    const store = await open();
    if (store.ping) await store.ping();
  }],
];
