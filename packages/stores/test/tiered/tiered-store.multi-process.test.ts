import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { TieredStoreStats } from '@cachet/stores';
import { newRedis, randomPrefix, redisUrl, removePrefix } from '../../../../test-support/redis';
import { startInstances, stopInstances } from '../../../../test-support/tiered-instances';
import type { TieredInstance } from '../../../../test-support/tiered-instances';
import { junkPayloads } from '../../../../test-support/tiered-junk';

/**
 * Three application processes (child_process.fork, built packages) share the
 * Redis on REDIS_URL; each runs a CacheProvider on a TieredStore (MemoryStore
 * over RedisStore, default Redis bus). The parent plays the database (Redis
 * keys under `dbPrefix`) and drives the instances over IPC.
 */
describe('TieredStore: 3 processes sharing one Redis', () => {
  jest.setTimeout(60_000);
  const prefix = randomPrefix('tiered-mp');
  const dbPrefix = randomPrefix('tiered-db');
  const nameStem = `cachet-tiered-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let instances: TieredInstance[] = [];

  const stats = (instance: TieredInstance) => instance.call<{ store: TieredStoreStats; busErrors: string[] }>('stats').then((s) => s.store);
  const setDb = (entries: ReadonlyArray<readonly [string, string]>) => redis.mset(...entries.flatMap(([key, value]) => [dbPrefix + key, value]));

  /** Reads `keys` on `actor` (loads and writes them), then on the others until each holds every key in L1. */
  async function fillEveryL1(keys: readonly string[], actor: TieredInstance): Promise<boolean> {
    await actor.call('read', { keys });
    for (const peer of instances.filter((i) => i !== actor)) {
      for (let attempt = 0; ; attempt++) {
        await peer.call('read', { keys });
        if ((await peer.call<boolean[]>('inL1', { keys })).every(Boolean)) break;
        // The actor's write message may have reached the peer after its read: read again.
        if (attempt === 5) return false;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    return true;
  }

  beforeAll(async () => {
    redis = newRedis();
    instances = await startInstances(3, { redisUrl: redisUrl(), prefix, dbPrefix, nameStem });
    await Promise.all(instances.map((instance) => instance.call('ready')));
  });

  afterAll(async () => {
    await stopInstances(instances);
    await removePrefix(redis, prefix);
    await removePrefix(redis, dbPrefix);
    await redis.quit();
  });

  it('after a tag invalidation or delete resolves on one instance, the other two serve the new value within 100 ms', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `item-${i}`);
    await setDb(keys.map((key) => [key, 'v0']));
    let roundsWithoutL1Copies = 0;
    /** One invalidation by `actor`; resolves to how long after it resolved each peer served the new value. */
    const round = async (n: number): Promise<number[]> => {
      const key = keys[n % keys.length];
      const actor = instances[n % 3];
      const peers = instances.filter((i) => i !== actor);
      if (!(await fillEveryL1([key], actor))) roundsWithoutL1Copies++;
      const value = `v${n + 1}`;
      await setDb([[key, value]]);
      if (n % 2 === 0) await actor.call('invalidateTags', { tags: [`item:${key}`] });
      else await actor.call('delete', { keys: [key] });
      const resolvedAt = performance.now();
      return Promise.all(peers.map((peer) => peer.call('waitFor', { key, expected: value, timeoutMs: 2_000 }).then(() => performance.now() - resolvedAt)));
    };
    // Warm-up, not measured: JIT, Lua script loading (NOSCRIPT → EVAL) and first connections in three fresh processes.
    for (let n = 0; n < 10; n++) await round(n);
    roundsWithoutL1Copies = 0;
    const delays: number[] = [];
    for (let n = 10; n < 210; n++) delays.push(...(await round(n)));
    delays.sort((a, b) => a - b);
    const median = delays[Math.floor(delays.length / 2)];
    const max = delays[delays.length - 1];
    console.log(
      `TieredStore coherence, 3 processes: ${delays.length} peer refreshes after 200 invalidations (100 by tag, 100 by delete): median ${median.toFixed(2)} ms, p99 ${delays[Math.floor(delays.length * 0.99)].toFixed(2)} ms, max ${max.toFixed(2)} ms (IPC round trip included)`,
    );
    // Every peer held the old value in L1 before each invalidation: without the bus it would have served it.
    expect(roundsWithoutL1Copies).toBe(0);
    expect(max).toBeLessThan(100);
  });

  it('a subscriber killed (CLIENT KILL TYPE pubsub) while a peer invalidates 300 keys: 0 stale reads once it is back', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `kill-${i}`);
    const [actor, ...victims] = instances;
    await setDb(keys.map((key) => [key, 'before']));
    expect(await fillEveryL1(keys, actor)).toBe(true);
    const before = await Promise.all(victims.map(stats));
    const actorBefore = await stats(actor);
    await setDb(keys.map((key) => [key, 'after']));
    const ids = await subscriberIds(victims.map((v) => v.name));
    expect(ids).toHaveLength(victims.length);
    const killed = await Promise.all(ids.map((id) => redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub', 'ID', id)));
    expect(killed).toEqual(ids.map(() => 1));
    // Invalidate while the subscribers are gone: half by delete, half by tag, all at once.
    await Promise.all(keys.map((key, i) => (i % 2 === 0 ? actor.call('delete', { keys: [key] }) : actor.call('invalidateTags', { tags: [`item:${key}`] }))));
    await Promise.all(victims.map((victim, i) => victim.call('waitResync', { after: before[i].bus.resyncs, timeoutMs: 10_000 })));
    const after = await Promise.all(victims.map(stats));
    const values = await Promise.all(victims.map((victim) => victim.call<string[]>('read', { keys })));
    const stale = values.flat().filter((value) => value !== 'after').length;
    const received = after.map((s, i) => s.bus.applied - before[i].bus.applied);
    const sent = (await stats(actor)).bus.published - actorBefore.bus.published;
    console.log(`TieredStore subscriber kill: 300 keys invalidated around the gap; victims applied ${received.join(' / ')} of ${sent} messages, resynced (L1 flushed) ${after.map((s, i) => s.bus.resyncs - before[i].bus.resyncs).join(' / ')} time(s); stale reads after resync: ${stale} of ${values.flat().length}`);
    expect(stale).toBe(0);
  });

  it('10,000 malformed, duplicated or foreign messages published into the channel: 0 crashes, 0 wrong values', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `junk-${i}`);
    const expected = new Map(keys.map((key) => [key, `good-${key}`]));
    await setDb([...expected]);
    await Promise.all(instances.map((instance) => instance.call('read', { keys })));
    const before = await Promise.all(instances.map(stats));
    const { payloads, bad } = junkPayloads(10_000, keys.map((key) => `app:${key}`));
    let wrong = 0;
    let reads = 0;
    let storming = true;
    // Instances keep serving while the junk arrives; every value must be the database's.
    const readers = instances.map(async (instance) => {
      while (storming) {
        const values = await instance.call<string[]>('read', { keys });
        reads += values.length;
        wrong += values.filter((value, i) => value !== expected.get(keys[i])).length;
      }
    });
    for (let i = 0; i < payloads.length; i += 1_000) {
      const pipeline = redis.pipeline();
      for (const payload of payloads.slice(i, i + 1_000)) pipeline.publish(`${prefix}~bus`, payload);
      for (const [error] of (await pipeline.exec()) ?? []) expect(error).toBeNull();
    }
    await waitUntil(async () => (await Promise.all(instances.map(stats))).every((s, i) => s.bus.received - before[i].bus.received >= payloads.length));
    storming = false;
    await Promise.all(readers);
    const after = await Promise.all(instances.map(stats));
    const rejected = after.map((s, i) => s.bus.malformed + s.bus.foreign - before[i].bus.malformed - before[i].bus.foreign);
    console.log(
      `TieredStore bus junk: ${payloads.length} payloads (${bad} malformed or foreign, ${payloads.length - bad} valid replays); per instance rejected ${rejected.join(' / ')}; ${reads} reads meanwhile, ${wrong} wrong; instances alive: ${instances.filter((i) => i.child.exitCode === null).length}/3`,
    );
    expect(instances.every((instance) => instance.child.exitCode === null && instance.child.signalCode === null)).toBe(true);
    expect(wrong).toBe(0);
    expect(rejected).toEqual(instances.map(() => bad));
    // The bus still works afterwards.
    await setDb([[keys[0], 'changed']]);
    await instances[0].call('delete', { keys: [keys[0]] });
    await Promise.all(instances.slice(1).map((peer) => peer.call('waitFor', { key: keys[0], expected: 'changed', timeoutMs: 2_000 })));
  });

  it('every instance exits by itself after close(): no timer or connection is left behind', async () => {
    expect(await stopInstances(instances)).toEqual([]);
  });

  /** Client ids of the subscriber connections of the named instances (their subscribers inherit the name). */
  async function subscriberIds(names: readonly string[]): Promise<string[]> {
    const list = String(await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
    return list
      .split('\n')
      .filter((line) => names.some((name) => line.includes(` name=${name} `)))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] ?? '')
      .filter((id) => id !== '');
  }
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
