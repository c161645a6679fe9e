import { deflateSync } from 'node:zlib';
import { CacheClosedError, CacheConfigError } from '@cachet/core';
import { collectScan, testEntry } from '@cachet/core/testing';
import Redis from 'ioredis';
import { RedisStore } from '@cachet/stores';
import { RedisTagIndex } from '@cachet/tags';
import { countPrefix, newRedis, randomPrefix, redisUrl, removePrefix } from '../../../../test-support/redis';

describe('RedisStore (real Redis)', () => {
  let client: Redis;
  const prefix = randomPrefix('store');
  let store: RedisStore;

  beforeAll(() => {
    client = newRedis();
  });
  beforeEach(() => {
    store = new RedisStore({ client, prefix });
  });
  afterAll(async () => {
    await removePrefix(client, prefix);
    await client.quit();
  });

  it('writes value and TTL in one SET … PX (the key never lives without a TTL)', async () => {
    await store.set('ns:a', testEntry('v', { ttl: 10_000, stale: 5_000 }));
    const pttl = await client.pttl(`${prefix}ns:a`);
    expect(pttl).toBeGreaterThan(14_000);
    expect(pttl).toBeLessThanOrEqual(15_000);
  });

  describe('values it cannot decode read as a miss, are deleted and counted', () => {
    const cases: ReadonlyArray<readonly [string, (key: string) => Promise<unknown>]> = [
      ['a plain string another program wrote', (k) => client.set(k, 'hello')],
      ['a truncated entry', async (k) => {
        const full = Buffer.from(await store.redisTarget.encode(testEntry({ a: 'x'.repeat(100) })));
        await client.set(k, full.subarray(0, full.length - 10));
      }],
      ['an entry of an older format', (k) => client.set(k, 'ct0{"e":1}\n{}')],
      ['an entry whose body is not typed-json', (k) => client.set(k, `ct10{"e":${Date.now() + 9e5},"s":${Date.now() + 9e5},"c":1,"t":[],"n":3}\n{{{`)],
      ['a compressed entry with a broken stream', (k) => client.set(k, Buffer.concat([Buffer.from(`ct11{"e":${Date.now() + 9e5},"s":${Date.now() + 9e5},"c":1,"t":[],"n":4}\n`), Buffer.from([1, 2, 3, 4])]))],
      ['a hash under the key', (k) => client.hset(k, 'f', 'v')],
    ];
    for (const [what, write] of cases) {
      it(what, async () => {
        const seen: string[] = [];
        const watched = new RedisStore({ client, prefix, onCorrupt: (key) => seen.push(key) });
        await write(`${prefix}ns:bad`);
        await expect(watched.get('ns:bad')).resolves.toBeUndefined();
        expect(watched.corruptReads).toBe(1);
        expect(seen).toEqual(['ns:bad']);
        expect(await client.exists(`${prefix}ns:bad`)).toBe(0);
      });
    }

    it('through getMany too, leaving good entries alone', async () => {
      await store.set('ns:good', testEntry('ok'));
      await client.set(`${prefix}ns:bad`, 'garbage');
      const got = await store.getMany(['ns:good', 'ns:bad', 'ns:none']);
      expect(got.map((e) => e?.value)).toEqual(['ok', undefined, undefined]);
      expect(store.corruptReads).toBe(1);
    });
  });

  it('ignores __proto__ / constructor pollution written straight into Redis', async () => {
    const now = Date.now();
    const frame = (body: string): string => `ct10{"e":${now + 60_000},"s":${now + 60_000},"c":${now},"t":[],"n":${Buffer.byteLength(body)}}\n${body}`;
    const bodies = [
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"a":[{"__proto__":{"polluted":"yes"}}]}',
      '{"$t":"m","v":[["__proto__",{"__proto__":{"polluted":"yes"}}]]}',
    ];
    for (const [i, body] of bodies.entries()) await client.set(`${prefix}ns:p${i}`, frame(body));
    const got = await store.getMany(bodies.map((_, i) => `ns:p${i}`));
    expect(got.every((entry) => entry !== undefined)).toBe(true);
    for (const entry of got) store.serializer.revive?.(entry?.value, Object);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('compresses values above compressAbove, flags them, and reads them back', async () => {
    const zipped = new RedisStore({ client, prefix, compressAbove: 1_000 });
    const big = { text: 'abc'.repeat(10_000), at: new Date(1) };
    await zipped.set('ns:big', testEntry(big));
    await zipped.set('ns:small', testEntry('tiny'));
    const raw = (await client.getBuffer(`${prefix}ns:big`)) as Buffer;
    expect(raw.toString('latin1', 0, 4)).toBe('ct11');
    expect(raw.length).toBeLessThan(2_000);
    expect(((await client.getBuffer(`${prefix}ns:small`)) as Buffer).toString('latin1', 0, 4)).toBe('ct10');
    expect((await zipped.get('ns:big'))?.value).toEqual(big);
    // A plain store reads compressed entries too: the flag is in the payload.
    expect((await store.get('ns:big'))?.value).toEqual(big);
    expect(deflateSync).toBeDefined();
  });

  it('scan() yields keys relative to the prefix and never the tag index keys', async () => {
    const own = new RedisStore({ client, prefix: randomPrefix('scan') });
    const index = own.createTagIndex();
    await index.write(own, 'ns:a', testEntry(1, { tags: ['t1'] }));
    await index.write(own, 'ns:b', testEntry(2, { tags: ['t2'] }));
    await index.delete(own, ['ns:none']);
    expect(await collectScan(own.scan('*'))).toEqual(['ns:a', 'ns:b']);
    expect(await collectScan(own.scan('ns:[a]'))).toEqual(['ns:a']);
    await own.clear();
  });

  it('clear() removes only its own prefix (entries and index), with SCAN + UNLINK', async () => {
    const mine = new RedisStore({ client, prefix: randomPrefix('mine') });
    const theirs = new RedisStore({ client, prefix: randomPrefix('theirs') });
    await mine.createTagIndex().write(mine, 'ns:a', testEntry(1, { tags: ['t'] }));
    await mine.setMany(Array.from({ length: 1_500 }, (_, i) => [`ns:k${i}`, testEntry(i)] as const));
    await theirs.set('ns:a', testEntry('kept'));
    await mine.clear();
    expect(await countPrefix(client, mine.prefix)).toBe(0);
    expect((await theirs.get('ns:a'))?.value).toBe('kept');
    await theirs.clear();
  });

  it('createTagIndex() returns a RedisTagIndex on the same client and prefix', () => {
    const index = store.createTagIndex();
    expect(index).toBeInstanceOf(RedisTagIndex);
    expect(index.name).toBe('redis-tags');
  });

  it('close() keeps a client you passed in open, and quits one it created from url', async () => {
    const borrowed = new RedisStore({ client, prefix });
    await borrowed.close();
    expect(await client.ping()).toBe('PONG');
    await expect(borrowed.get('x')).rejects.toBeInstanceOf(CacheClosedError);
    const owned = new RedisStore({ url: redisUrl(), prefix });
    await owned.ping();
    const ended = new Promise((resolve) => owned.client.once('end', resolve));
    await owned.close();
    await ended;
    expect(owned.client.status).toBe('end');
  });

  it('sends a read alone as GET without the auto-pipeline, and the reads of one turn as one MGET', async () => {
    const pipelined = new Redis(redisUrl(), { enableAutoPipelining: true });
    const store = new RedisStore({ client: pipelined, prefix });
    const sent = (): number => store.stats().commands.sent;
    try {
      await store.set('alone', testEntry('v'));
      await store.set('b', testEntry(2));
      const start = sent();
      const alone = store.get('alone');
      await new Promise((resolve) => process.nextTick(resolve));
      // Sent on the read's tick, and at once: nothing waits in the auto-pipeline for the next one.
      expect(sent() - start).toBe(1);
      expect(pipelined.autoPipelineQueueSize).toBe(0);
      expect((await alone)?.value).toBe('v');
      const burst = [store.get('alone'), store.get('b'), store.get('c'), store.get('alone')];
      expect((await Promise.all(burst)).map((entry) => entry?.value)).toEqual(['v', 2, undefined, 'v']);
      expect(sent() - start).toBe(2);
      // Reads of different turns are different commands.
      expect((await store.get('b'))?.value).toBe(2);
      expect((await store.get('c'))?.value).toBeUndefined();
      expect(sent() - start).toBe(4);
      expect(pipelined.options.enableAutoPipelining).toBe(true);
    } finally {
      await store.close();
      pipelined.disconnect();
    }
  });

  it('splits a burst of reads larger than batchSize into several MGETs, each answer to its own caller', async () => {
    const small = new RedisStore({ client, prefix, batchSize: 3 });
    await small.setMany(Array.from({ length: 7 }, (_, i) => [`k${i}`, testEntry(i)] as const));
    const start = small.stats().commands.sent;
    const values = await Promise.all(Array.from({ length: 8 }, (_, i) => small.get(`k${i}`)));
    expect(values.map((entry) => entry?.value)).toEqual([0, 1, 2, 3, 4, 5, 6, undefined]);
    expect(small.stats().commands.sent - start).toBe(3);
    await small.close();
  });

  it('sends a burst of 60 reads as MGETs of at most 25 keys', async () => {
    await store.setMany(Array.from({ length: 60 }, (_, i) => [`m${i}`, testEntry(i)] as const));
    const start = store.stats().commands.sent;
    const values = await Promise.all(Array.from({ length: 60 }, (_, i) => store.get(`m${i}`)));
    expect(values.map((entry) => entry?.value)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(store.stats().commands.sent - start).toBe(3);
  });

  it('rejects bad options with CacheConfigError', () => {
    const bad: unknown[] = [
      {},
      { client, url: redisUrl() },
      { url: 'http://127.0.0.1' },
      { client, prefix: '' },
      { client, compressAbove: -1 },
      { client, batchSize: 0 },
      { client, serializer: {} },
    ];
    for (const options of bad) expect(() => new RedisStore(options as never)).toThrow(CacheConfigError);
  });
});
