import { CacheModule, CacheProvider, Cached } from '@cachet/core';
import type { CacheLogger } from '@cachet/core';
import { MemoryStore, RedisStore, TieredStore } from '@cachet/stores';
import type { TieredStoreOptions } from '@cachet/stores';
import { startRedisProcess } from '../../../../test-support/redis-process';
import type { RedisProcess } from '../../../../test-support/redis-process';

jest.setTimeout(60_000);

/**
 * Two instances, each a CacheProvider on its own TieredStore (MemoryStore L1,
 * RedisStore L2 and the Redis bus on their own connections), against a
 * private redis-server that the test SIGKILLs for 5 s and restarts on the same
 * port (empty: no persistence). With `fallbackToL1` (the default) both keep
 * answering warm keys from their L1 copies while Redis is gone; once the bus
 * is back each flushes its L1 (invalidations may have been missed) and the
 * two are coherent again.
 */
const STORE_TIMEOUT = 100;
const KEYS = 20;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const silent: CacheLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let server: RedisProcess;
beforeAll(async () => {
  server = await startRedisProcess();
});
const opened: CacheProvider[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((provider) => provider.close()));
  await CacheModule.reset();
});
afterAll(async () => {
  await server?.stop();
});

/** Method calls per instance, by phase. */
const loads: Record<string, number> = {};
let phase: 'warm' | 'before' | 'outage' | 'after' = 'warm';

function catalogFor(name: string) {
  class Catalog {
    @Cached({ provider: name, key: 'item:{0}', ttl: '5m' })
    async item(id: number): Promise<{ id: number; by: string }> {
      loads[`${name}:${phase}`] = (loads[`${name}:${phase}`] ?? 0) + 1;
      return { id, by: name };
    }
  }
  return new Catalog();
}

let runs = 0;
function instance(name: string, options: Partial<TieredStoreOptions> = {}) {
  const errors: unknown[] = [];
  const store = new TieredStore({
    l1: new MemoryStore({ maxEntries: 1_000 }),
    l2: new RedisStore({ url: server.url, prefix: `tiered-outage-${runs}:`, onError: () => undefined }),
    onError: (error) => errors.push(error),
    ...options,
  });
  const provider = CacheModule.register(name, new CacheProvider({ store, storeTimeout: STORE_TIMEOUT, logger: silent, ttl: '5m', namespace: 'shop' }));
  opened.push(provider);
  return { name, store, provider, catalog: catalogFor(name), errors };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** ~300 calls per second, alternating between the instances over the warm keys, while the fault runs. */
async function underLoad(instances: ReadonlyArray<ReturnType<typeof instance>>, outageMs: number) {
  const latencies: Record<'before' | 'outage' | 'after', number[]> = { before: [], outage: [], after: [] };
  let failed = 0;
  let running = true;
  const inFlight = new Set<Promise<void>>();
  phase = 'before';
  const driver = (async () => {
    for (let n = 0; running; n++) {
      const { catalog } = instances[n % instances.length];
      const at = performance.now();
      const callPhase = phase as 'before' | 'outage' | 'after';
      const call = catalog
        .item(n % KEYS)
        .then(
          (value) => {
            if (value.id !== n % KEYS) failed++;
            latencies[callPhase].push(performance.now() - at);
          },
          () => void failed++,
        )
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
      await sleep(3);
    }
  })();
  await sleep(1_000);
  phase = 'outage';
  await server.kill('SIGKILL');
  await sleep(outageMs);
  await server.restart();
  const restartedAt = Date.now();
  phase = 'after';
  const recovery = await redisUsedAgain(instances[0].provider, instances[1].provider, restartedAt);
  await sleep(500);
  running = false;
  await driver;
  await Promise.all([...inFlight]);
  for (const list of Object.values(latencies)) list.sort((a, b) => a - b);
  return { failed, latencies, recovery };
}

/** Ms from the restart until a value written through one instance is read back through the other (so from Redis). */
async function redisUsedAgain(writer: CacheProvider, reader: CacheProvider, since: number): Promise<number> {
  for (let n = 0; Date.now() - since < 5_000; n++) {
    await writer.set('recovery-probe', n).catch(() => undefined);
    if ((await reader.get('recovery-probe')) === n) return Date.now() - since;
    await sleep(10);
  }
  return Infinity;
}

async function warm(instances: ReadonlyArray<ReturnType<typeof instance>>): Promise<void> {
  await Promise.all(instances.map(({ store }) => store.ready()));
  for (const { catalog } of instances) for (let id = 0; id < KEYS; id++) await catalog.item(id);
}

const fmt = (n: number) => n.toFixed(1);

describe('TieredStore while Redis is SIGKILLed (private redis-server, two instances)', () => {
  beforeEach(() => {
    runs++;
    phase = 'warm';
    for (const key of Object.keys(loads)) delete loads[key];
  });

  it('serves warm keys from L1 copies: 0 failed calls, 0 method calls, p99 ≤ storeTimeout + 50 ms; coherent again after the restart', async () => {
    const a = instance('a');
    const b = instance('b');
    await warm([a, b]);
    const r = await underLoad([a, b], 5_000);
    const outage = r.latencies.outage;
    const [p50, p99, max] = [percentile(outage, 50), percentile(outage, 99), outage[outage.length - 1]];
    const fallbacks = a.store.stats().l1Fallbacks + b.store.stats().l1Fallbacks;
    console.log(
      `TieredStore SIGKILL 5 s: ${outage.length} calls during the outage (${Math.round(outage.length / 5)}/s), ${r.failed} failed, ` +
        `method calls during it: ${(loads['a:outage'] ?? 0) + (loads['b:outage'] ?? 0)}; latency p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, max ${fmt(max)} ms; ` +
        `${fallbacks} reads answered from L1 copies; Redis used again ${r.recovery} ms after the restart; ` +
        `resyncs a=${a.store.stats().bus.resyncs} b=${b.store.stats().bus.resyncs}`,
    );
    expect(r.failed).toBe(0);
    expect(outage.length).toBeGreaterThan(500);
    expect(loads['a:outage'] ?? 0).toBe(0);
    expect(loads['b:outage'] ?? 0).toBe(0);
    expect(fallbacks).toBeGreaterThan(0);
    expect(p99).toBeLessThanOrEqual(STORE_TIMEOUT + 50);
    expect(r.recovery).toBeLessThanOrEqual(2_000);

    // Back to coherence: both buses confirmed again, each L1 flushed once, and an invalidation on one reaches the other.
    await Promise.all([a.store.ready(), b.store.ready()]);
    expect(a.store.stats().bus.resyncs).toBeGreaterThanOrEqual(1);
    expect(b.store.stats().bus.resyncs).toBeGreaterThanOrEqual(1);
    await b.provider.set('shared', 'old');
    expect(await a.provider.get('shared')).toBe('old'); // now an L1 copy in a
    expect(await a.provider.get('shared')).toBe('old');
    await b.provider.set('shared', 'new');
    const deadline = Date.now() + 2_000;
    while ((await a.provider.get('shared')) !== 'new' && Date.now() < deadline) await sleep(5);
    expect(await a.provider.get('shared')).toBe('new');
  });

  it('close() returns within 1 s while Redis is down and the bus subscriber waits to reconnect', async () => {
    const a = instance('a');
    await warm([a]);
    await server.kill('SIGKILL');
    try {
      await sleep(1_500); // the subscriber has lost its connection and sits between reconnect attempts
      const started = Date.now();
      await a.provider.close();
      const closeMs = Date.now() - started;
      console.log(`TieredStore close() with Redis down: ${closeMs} ms`);
      expect(closeMs).toBeLessThanOrEqual(1_000);
    } finally {
      await server.restart();
    }
  });

  it('with fallbackToL1: false it keeps coherence first: the method runs during the outage, still 0 failed calls', async () => {
    const a = instance('a', { fallbackToL1: false });
    const b = instance('b', { fallbackToL1: false });
    await warm([a, b]);
    const r = await underLoad([a, b], 2_000);
    const during = (loads['a:outage'] ?? 0) + (loads['b:outage'] ?? 0);
    console.log(`TieredStore SIGKILL 2 s, fallbackToL1 false: ${r.latencies.outage.length} calls during the outage, ${r.failed} failed, method calls ${during}`);
    expect(r.failed).toBe(0);
    expect(during).toBeGreaterThan(0);
    expect(a.store.stats().l1Fallbacks + b.store.stats().l1Fallbacks).toBe(0);
  });
});
