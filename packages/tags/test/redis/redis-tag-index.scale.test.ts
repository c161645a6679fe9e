import { testEntry } from '@cachet/core/testing';
import Redis from 'ioredis';
import { RedisStore } from '@cachet/stores';
import { countPrefix, randomPrefix, redisUrl, removePrefix } from '../../../../test-support/redis';

jest.setTimeout(90_000);

/**
 * Scale: the index stays bounded while entries expire, and a huge tag is
 * invalidated in chunks without any slow command. Figures are printed so the
 * README can quote them.
 */
describe('RedisTagIndex at scale (real Redis)', () => {
  let client: Redis;
  const prefixes: string[] = [];

  beforeAll(() => {
    // Auto-pipelining batches the many concurrent writes into few socket writes, as a busy app's client would.
    client = new Redis(redisUrl(), { enableAutoPipelining: true });
  });
  afterAll(async () => {
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.quit();
  });

  function open(): RedisStore {
    const prefix = randomPrefix('scale');
    prefixes.push(prefix);
    // These tests measure the index at scale, not the deadlines: on a loaded CI machine a burst of
    // 2,000 scripts may wait longer than the default 1 s deadline and open the breaker, which would
    // turn them into a resilience test (the fault tests cover that, on their own server).
    return new RedisStore({ client, prefix, commandTimeout: '30s', stallTimeout: '30s', breaker: false });
  }

  it('200,000 set/expire cycles keep the index within 1.1× the live keys, and it expires with them', async () => {
    const store = open();
    const index = store.createTagIndex();
    const ttl = 1_000;
    const started = Date.now();
    // 100 rounds of 2,000 concurrent writes; with ttl 1 s, early entries expire while later ones are written.
    for (let i = 0; i < 200_000; i += 2_000) {
      await Promise.all(
        Array.from({ length: 2_000 }, (_, j) => index.write(store, `ns:k${i + j}`, testEntry(i + j, { ttl, tags: ['all', `g${(i + j) % 10}`] }))),
      );
    }
    const elapsed = Date.now() - started;
    const [live, all, ...groups] = await Promise.all([
      countPrefix(client, `${store.prefix}ns:`),
      client.zcard(`${store.prefix}~t:all`),
      ...Array.from({ length: 10 }, (_, g) => client.zcard(`${store.prefix}~t:g${g}`)),
    ]);
    const groupTotal = groups.reduce((a, b) => a + b, 0);
    console.log(`200,000 writes in ${elapsed} ms; live keys ${live}, '~t:all' ${all}, group sets ${groupTotal}`);
    expect(live).toBeGreaterThan(0);
    expect(all).toBeLessThanOrEqual(Math.ceil(live * 1.1) + 50);
    expect(groupTotal).toBeLessThanOrEqual(Math.ceil(live * 1.1) + 50);
    await new Promise((r) => setTimeout(r, ttl + 300));
    expect(await countPrefix(client, `${store.prefix}~t:`)).toBe(0);
  });

  async function fill(store: RedisStore, count: number, tag: string): Promise<void> {
    const now = Date.now();
    // One encoded body reused (same tags), so the setup is bound by Redis, not by encoding.
    const payload = await store.redisTarget.encode(testEntry({ n: 1 }, { now, ttl: 600_000, tags: [tag, 'other'] }));
    const score = now + 600_000;
    for (let i = 0; i < count; i += 10_000) {
      const pipeline = client.pipeline();
      const members: Array<string | number> = [];
      for (let j = i; j < Math.min(count, i + 10_000); j++) {
        pipeline.set(`${store.prefix}ns:k${j}`, payload, 'PX', 600_000);
        members.push(score, `ns:k${j}`);
      }
      pipeline.zadd(`${store.prefix}~t:${tag}`, ...members);
      pipeline.zadd(`${store.prefix}~t:other`, ...members);
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    }
  }

  for (const count of [10_000, 100_000]) {
    it(`invalidates a tag with ${count.toLocaleString('en')} keys with no command over 10 ms in SLOWLOG`, async () => {
      const store = open();
      const index = store.createTagIndex();
      const filling = Date.now();
      await fill(store, count, "big");
      console.log(`fill ${count}: ${Date.now() - filling} ms`);
      const [, previous] = (await client.config('GET', 'slowlog-log-slower-than')) as [string, string];
      await client.config('SET', 'slowlog-log-slower-than', '10000');
      try {
        await client.slowlog('RESET');
        const started = Date.now();
        expect(await index.invalidate(store, ['big'])).toBe(count);
        const elapsed = Date.now() - started;
        const slow = (await client.slowlog('GET', 128)) as unknown[][];
        console.log(`invalidate ${count} keys: ${elapsed} ms; slowlog entries: ${JSON.stringify(slow).slice(0, 1500)}`);
        const ours = slow.filter((entry) => JSON.stringify(entry).includes(store.prefix) || JSON.stringify(entry).includes('evalsha'));
        expect(ours).toEqual([]);
      } finally {
        await client.config('SET', 'slowlog-log-slower-than', previous);
      }
      expect(await countPrefix(client, `${store.prefix}ns:`)).toBe(0);
      expect(await index.keysForTag('other')).toEqual([]);
      await store.clear();
    });
  }
});
