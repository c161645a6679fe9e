import { globToRegExp } from '@cachet/core';
import { testEntry } from '@cachet/core/testing';
import type { CacheStore } from '@cachet/core';
import type Redis from 'ioredis';
import { MemoryStore, RedisStore } from '@cachet/stores';
import { RedisTagIndex } from '@cachet/tags';
import { GLOB_MATCH } from '../../src/lua/guard.lua';
import { newRedis, randomPrefix, removePrefix } from '../../../../test-support/redis';

describe('RedisTagIndex (real Redis)', () => {
  let client: Redis;
  const prefix = randomPrefix('tags');

  beforeAll(() => {
    client = newRedis();
  });
  afterAll(async () => {
    await removePrefix(client, prefix);
    await client.quit();
  });

  it('matches revoke patterns in Lua exactly as @cachet/core globs do', async () => {
    const patterns = ['a*', 'a?c', 'user:[0-9]*', 'user:[^0-9]', 'x\\*y', 'a[b-d]e', 'a[\\]]b', '[', 'a.b%c', 'ns:user\\\\\\:1*', '*:*:*', 'a[z-a]'];
    const keys = ['a', 'abc', 'user:12', 'user:x', 'x*y', 'xzy', 'ace', 'a]b', '[', 'a.b%c', 'ns:user\\:15', 'a:b:c', 'a:b', 'aze', 'ab'];
    for (const pattern of patterns) {
      for (const key of keys) {
        const lua = (await GLOB_MATCH.run(client, [prefix], [pattern, key])) === 1;
        expect(`${pattern} ~ ${key}: ${lua}`).toBe(`${pattern} ~ ${key}: ${globToRegExp(pattern).test(key)}`);
      }
    }
  });

  it('refuses tokens older than the guard window (their marks may have expired)', async () => {
    const store = new RedisStore({ client, prefix, tagIndex: { guardWindow: '1s' } });
    const index = store.createTagIndex();
    const old = await index.begin();
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await index.write(store, 'ns:slow', testEntry('late'), old)).toBe(false);
    expect(await index.write(store, 'ns:slow', testEntry('fresh'), await index.begin())).toBe(true);
  });

  it('sends the writes of one turn as one script, judging each on its own (guard, pattern marks, old tags)', async () => {
    const store = new RedisStore({ client, prefix });
    const index = store.createTagIndex();
    await index.write(store, 'ns:b1', testEntry('v0', { tags: ['old'] }));
    const token = await index.begin();
    await index.delete(store, ['ns:b2']);
    await index.revoke(store, 'ns:p*');
    const sent = store.stats().commands.sent;
    const written = await Promise.all([
      index.write(store, 'ns:b1', testEntry('v1', { tags: ['t1'] }), token),
      index.write(store, 'ns:b2', testEntry('v2'), token),
      index.write(store, 'ns:b3', testEntry('v3', { tags: ['t1', 't2'] })),
      index.write(store, 'ns:p1', testEntry('p'), token),
      index.write(store, 'ns:q1', testEntry('q', { tags: ['t2'] }), token),
    ]);
    expect(store.stats().commands.sent - sent).toBe(1);
    expect(written).toEqual([true, false, true, false, true]);
    expect((await store.getMany(['ns:b1', 'ns:b2', 'ns:b3', 'ns:p1', 'ns:q1'])).map((entry) => entry?.value)).toEqual(['v1', undefined, 'v3', undefined, 'q']);
    // b1 left 'old' when it was rewritten with 't1'.
    expect(await index.invalidate(store, ['old'])).toBe(0);
    expect(await index.invalidate(store, ['t2'])).toBe(2);
    expect(await index.invalidate(store, ['t1'])).toBe(1);
    await index.close();
  });

  const paths: ReadonlyArray<readonly [string, () => CacheStore]> = [
    ['RedisStore (atomic Lua)', () => new RedisStore({ client, prefix })],
    ['MemoryStore (stepwise)', () => new MemoryStore()],
  ];
  for (const [what, makeStore] of paths) {
    it(`never lets a load begun before a concurrent invalidation write back (${what})`, async () => {
      const store = makeStore();
      const index = new RedisTagIndex({ client, prefix });
      const keys = Array.from({ length: 300 }, (_, i) => `ns:race${i}`);
      await Promise.all(keys.map((key) => index.write(store, key, testEntry('v0', { tags: ['race'] }))));
      const tokens = await Promise.all(keys.map(() => index.begin()));
      // Writes with the old tokens race the invalidation; whatever the interleaving, none may survive it.
      const [removed, written] = await Promise.all([
        index.invalidate(store, ['race']),
        Promise.all(keys.map((key, i) => index.write(store, key, testEntry('stale', { tags: ['race'] }), tokens[i]))),
      ]);
      expect(removed).toBeGreaterThan(0);
      expect(written.filter(Boolean).length).toBeLessThanOrEqual(keys.length);
      const left = (await store.getMany(keys)).filter((entry) => entry !== undefined);
      expect(left).toEqual([]);
      const fresh = await index.begin();
      expect(await index.write(store, keys[0], testEntry('new', { tags: ['race'] }), fresh)).toBe(true);
      await index.clear(store);
    });
  }

  it('asks for a write token on prepare(), so that begin() then answers without a promise', async () => {
    const index = new RedisTagIndex({ client, prefix });
    const prepared = index.prepare();
    expect(prepared).toBeInstanceOf(Promise);
    await prepared;
    const token = index.begin();
    expect(typeof token).toBe('number');
    expect(index.prepare()).toBeUndefined();
    // A write with it passes the guard like any other token.
    expect(await index.write(new RedisStore({ client, prefix }), 'ns:prepared', testEntry(1), token as number)).toBe(true);
    await index.close();
    expect(index.prepare()).toBeUndefined();
    await expect(index.begin()).rejects.toThrow(/closed/);
  });

  it('invalidates by the tags in the entry header, not by tag-like text in the value', async () => {
    // The invalidation script finds single-tag entries by the header text `"t":[<tag>],"n":`;
    // the same text inside a value, or a tag JSON must escape, must not fool it.
    const store = new RedisStore({ client, prefix });
    const index = store.createTagIndex();
    const tricky = 'q"uo\\te:ü';
    const mimic = { note: `"t":[${JSON.stringify(tricky)}],"n":` };
    await index.write(store, 'ns:only', testEntry(1, { tags: [tricky] }));
    await index.write(store, 'ns:both', testEntry(2, { tags: [tricky, 'other'] }));
    await index.write(store, 'ns:moved', testEntry(3, { tags: [tricky] }));
    await index.write(store, 'ns:moved', testEntry(mimic, { tags: ['elsewhere'] })); // rewritten without the tag
    expect(await index.invalidate(store, [tricky])).toBe(2);
    expect((await store.getMany(['ns:only', 'ns:both', 'ns:moved'])).map((entry) => entry?.value)).toEqual([undefined, undefined, mimic]);
    expect(await index.keysForTag('other')).toEqual([]);
    expect(await index.keysForTag('elsewhere')).toEqual(['ns:moved']);
    await index.clear(store);
  });

  it('rejects bad options with a CacheConfigError', () => {
    for (const options of [{}, { client, prefix: '' }, { client, guardWindow: 10 }, { client, chunkSize: 0 }, { client, guardWindow: 'soon' }]) {
      expect(() => new RedisTagIndex(options as never)).toThrow(/RedisTagIndex/);
    }
  });
});
