import Redis from 'ioredis';
import { CacheModule, CacheProvider, Cached } from '@cachet/core';
import type { CacheLogger } from '@cachet/core';
import { RedisStore } from '@cachet/stores';
import type { RedisStoreOptions } from '@cachet/stores';
import { freeLoopbackPort, startRedisProcess } from '../../../../test-support/redis-process';
import type { RedisProcess } from '../../../../test-support/redis-process';

/**
 * Store outages through a CacheProvider on a RedisStore, against a private
 * redis-server (free loopback port) that the tests kill, restart, SIGSTOP and
 * SIGCONT. The shared Redis on 6379 is never touched.
 */
const STORE_TIMEOUT = 100;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const silent: CacheLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let server: RedisProcess;
let raw: Redis;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  server = await startRedisProcess();
  raw = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 50 });
  raw.on('error', () => undefined);
});
afterEach(async () => {
  server.resume();
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
  await CacheModule.reset();
});
afterAll(async () => {
  try {
    raw?.disconnect();
  } finally {
    await server?.stop();
  }
});

interface Setup {
  provider: CacheProvider;
  store: RedisStore;
  storeErrors: unknown[];
}

let setups = 0;
function setup(url: string, extra: Partial<RedisStoreOptions> = {}): Setup {
  // A namespace per test: keys left by one test never count in another.
  const namespace = `t${++setups}`;
  const storeErrors: unknown[] = [];
  const store = new RedisStore({ url, onError: (error) => storeErrors.push(error), ...extra } as RedisStoreOptions);
  const provider = new CacheProvider({ store, storeTimeout: STORE_TIMEOUT, logger: silent, ttl: '5m', namespace });
  CacheModule.configure(provider);
  cleanups.push(() => provider.close());
  return { provider, store, storeErrors };
}

let loads = 0;
class Catalog {
  @Cached({ key: 'item:{0}', ttl: '5m' })
  async item(id: number): Promise<{ id: number; name: string }> {
    loads++;
    return { id, name: `item ${id}` };
  }
}

async function rawReady(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (raw.status !== 'ready') {
    if (Date.now() > deadline) throw new Error(`raw client not ready (${raw.status})`);
    await sleep(10);
  }
}

/** Every key on the private server. */
async function allKeys(): Promise<string[]> {
  await rawReady();
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await raw.scan(cursor, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Waits until a value set now is read back from Redis; resolves to the ms it took. */
async function recoveryMs(provider: CacheProvider, since: number, limitMs: number): Promise<number> {
  for (let n = 0; ; n++) {
    await provider.set('recovery-probe', n);
    if ((await provider.get('recovery-probe')) === n) return Date.now() - since;
    if (Date.now() - since > limitMs) return Infinity;
    await sleep(10);
  }
}

/**
 * ~400 @Cached calls per second on 20 warm keys while `outage` runs; returns
 * the calls' latencies by phase and the recovery time after `outage` resolves.
 */
async function underLoad(provider: CacheProvider, fault: { begin: () => void; end: () => Promise<void> }, outageMs: number) {
  const catalog = new Catalog();
  for (let id = 0; id < 20; id++) await catalog.item(id);
  loads = 0;
  const calls: Array<{ at: number; ms: number; phase: 'before' | 'outage' | 'after' }> = [];
  let failed = 0;
  let phase: 'before' | 'outage' | 'after' = 'before';
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const driver = (async () => {
    let id = 0;
    while (running) {
      for (let i = 0; i < 2; i++) {
        const at = performance.now();
        const callPhase = phase;
        const p = catalog
          .item(id++ % 20)
          .then(
            (value) => {
              if (value.id === undefined) failed++;
              calls.push({ at, ms: performance.now() - at, phase: callPhase });
            },
            () => {
              failed++;
            },
          )
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep(5);
    }
  })();
  await sleep(1_000);
  phase = 'outage';
  fault.begin();
  await sleep(outageMs);
  await fault.end();
  const restartedAt = Date.now();
  phase = 'after';
  const recovery = await recoveryMs(provider, restartedAt, 5_000);
  await sleep(1_000);
  running = false;
  await driver;
  await Promise.all([...inFlight]);
  const of = (p: string) => calls.filter((c) => c.phase === p).map((c) => c.ms).sort((a, b) => a - b);
  return { failed, total: calls.length, outage: of('outage'), before: of('before'), after: of('after'), recovery };
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : String(n));

describe('RedisStore outages through a CacheProvider (private redis-server)', () => {
  it.each(['SIGKILL', 'SIGSTOP'] as const)('1,000 writes and an invalidation during a %s outage: 0 of them read back after recovery', async (mode) => {
    const { provider, store } = setup(server.url);
    const catalog = new Catalog();
    for (let id = 0; id < 20; id++) await catalog.item(id);
    await provider.set('layout-check', 1);
    const layoutKey = (await allKeys()).find((k) => k.endsWith('layout-check'));
    expect(layoutKey).toBeDefined();
    const keyPrefix = layoutKey!.slice(0, -'layout-check'.length);
    const sentBefore = store.stats().commands.sent;
    const statsBefore = await commandStats();

    if (mode === 'SIGKILL') await server.kill('SIGKILL');
    else server.pause();
    const started = Date.now();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 1_000; i++) {
      // Let the sets reach the gate before the getOrSets' reads do (they need fewer ticks to get there).
      if (i === 500) await new Promise((r) => setImmediate(r));
      // Sets first: their write scripts (up to 25 writes of one turn each) are sent into the dead or frozen server.
      writes.push(i < 500 ? provider.set(`outage:${i}`, `lost ${i}`, { tags: ['outage'] }) : provider.getOrSet(`outage:${i}`, () => `lost ${i}`, { tags: ['outage'] }));
    }
    const settled = await Promise.allSettled(writes);
    const writeMs = Date.now() - started;
    const invalidation = await provider.invalidateTags(['outage']).then(
      (n) => `ok (${n})`,
      (error: Error) => error.constructor.name,
    );
    const sentDuringOutage = store.stats().commands.sent - sentBefore;
    // Past commandTimeout (1 s), so every write still buffered in the frozen server is past its notAfter.
    if (mode === 'SIGKILL') {
      await sleep(500);
      await server.restart();
    } else {
      await sleep(Math.max(0, 2_500 - (Date.now() - started)));
      server.resume();
    }
    const recovery = await recoveryMs(provider, Date.now(), 5_000);
    expect(recovery).toBeLessThan(2_000);
    await sleep(300); // every buffered command has been executed by now

    const rawValues = await raw.mget(...Array.from({ length: 1_000 }, (_, i) => `${keyPrefix}outage:${i}`));
    const rawFound = rawValues.filter((v) => v !== null).length;
    const executed = diff(statsBefore, await commandStats());
    const scannedKeys = (await allKeys()).filter((k) => k.startsWith(`${keyPrefix}outage:`));
    if (scannedKeys.length > 0) console.log(`outage keys left (${mode}): ${JSON.stringify(await Promise.all(scannedKeys.slice(0, 5).map(async (k) => [k, await raw.type(k), await raw.pttl(k), k.includes('~') ? (await raw.type(k)) === 'zset' ? await raw.zrange(k, 0, 5, 'WITHSCORES') : await raw.get(k).catch(() => null) : null])))}`);
    const scanned = scannedKeys.length;
    let providerFound = 0;
    for (let i = 0; i < 1_000; i++) if ((await provider.get(`outage:${i}`)) !== undefined) providerFound++;
    const stats = store.stats();
    console.log(
      `outage writes (${mode}): 1,000 set/getOrSet settled in ${writeMs} ms (${settled.filter((s) => s.status === 'rejected').length} rejected), ` +
        `${sentDuringOutage} commands sent while down, invalidation: ${invalidation}, recovered in ${recovery} ms; ` +
        `read back: ${rawFound} (MGET), ${scanned} (SCAN), ${providerFound} (provider.get); lateWrites=${stats.commands.lateWrites}; ${mode === 'SIGSTOP' ? `executed by Redis after SIGCONT: ${JSON.stringify(executed)}` : 'server restarted empty'}`,
    );
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    // The frozen server did receive the writes and ran them late (the resurrection risk was real); each refused itself.
    // The 500 sets of one turn travel as 20 scripts of 25 writes: at least half of them must have been sent.
    if (mode === 'SIGSTOP') expect(executed.evalsha ?? 0).toBeGreaterThanOrEqual(10);
    expect({ rawFound, scanned, providerFound }).toEqual({ rawFound: 0, scanned: 0, providerFound: 0 });
    // The store is used again: a value set now is stored in Redis.
    await provider.set('outage:after', 'fresh');
    expect(await raw.get(`${keyPrefix}outage:after`)).not.toBeNull();
  });

  it('Redis absent at start-up: the first call returns within storeTimeout + 50 ms, nothing unhandled', async () => {
    const port = await freeLoopbackPort();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    try {
      const { store, storeErrors } = setup(`redis://127.0.0.1:${port}`);
      loads = 0;
      const catalog = new Catalog();
      const t0 = performance.now();
      const value = await catalog.item(1);
      const first = performance.now() - t0;
      const later: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await catalog.item(i);
        later.push(performance.now() - t);
      }
      await sleep(1_500); // reconnect attempts, error events, late deadlines
      later.sort((a, b) => a - b);
      console.log(
        `absent at start-up: first call ${fmt(first)} ms, next 20 max ${fmt(later[later.length - 1])} ms, ` +
          `store onError ${storeErrors.length}, unhandled ${unhandled.length}, breaker ${store.breaker?.state}`,
      );
      expect(value).toEqual({ id: 1, name: 'item 1' });
      expect(first).toBeLessThanOrEqual(STORE_TIMEOUT + 50);
      expect(later[later.length - 1]).toBeLessThanOrEqual(STORE_TIMEOUT + 50);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
    }
  });

  it.each([
    ['SIGKILL', 'SIGKILL 5 s, restart on the same port'],
    ['SIGSTOP', 'SIGSTOP 5 s, then SIGCONT'],
  ] as const)('continuous calls on a warm cache, %s outage: 0 failures, p99 ≤ storeTimeout + 50 ms, Redis used again within 2 s', async (mode, label) => {
    const { provider, store } = setup(server.url);
    const fault =
      mode === 'SIGKILL'
        ? { begin: () => void server.kill('SIGKILL'), end: () => server.restart() }
        : { begin: () => server.pause(), end: async () => server.resume() };
    const r = await underLoad(provider, fault, 5_000);
    const [p50, p99, max] = [percentile(r.outage, 50), percentile(r.outage, 99), r.outage[r.outage.length - 1]];
    console.log(
      `${label}: ${r.total} calls (${r.outage.length} during the outage, ${Math.round(r.outage.length / 5)}/s), ${r.failed} failed; ` +
        `outage latency p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, max ${fmt(max)} ms; before p99 ${fmt(percentile(r.before, 99))} ms; ` +
        `Redis used again ${r.recovery} ms after ${mode === 'SIGKILL' ? 'the restart' : 'SIGCONT'}; breaker opens ${store.stats().breaker?.opens}`,
    );
    expect(r.failed).toBe(0);
    expect(r.outage.length).toBeGreaterThan(1_000);
    expect(p99).toBeLessThanOrEqual(STORE_TIMEOUT + 50);
    expect(r.recovery).toBeLessThanOrEqual(2_000);
    expect(store.breaker?.state).toBe('closed');
  });

  it('breaker open: no command reaches Redis but the probe (INFO commandstats)', async () => {
    // A long cool-down keeps the breaker open while the server answers again; the default (1 s) would probe meanwhile.
    const { provider, store } = setup(server.url, { breaker: { cooldown: '30s' } });
    const catalog = new Catalog();
    for (let id = 0; id < 20; id++) await catalog.item(id);
    server.pause();
    // Calls on the frozen server, one per turn of the event loop (reads of one turn would share one MGET):
    // their commands stall and open the breaker.
    const frozen: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20; i++) {
      frozen.push(catalog.item(i));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(frozen);
    // The calls return at storeTimeout; the stall checks that open the breaker fire just after it.
    for (const deadline = Date.now() + 1_000; store.breaker?.state !== 'open' && Date.now() < deadline; ) await sleep(10);
    expect(store.breaker?.state).toBe('open');
    // Past commandTimeout: every command sent before the breaker opened has given up (a late reply closes nothing).
    await sleep(1_200);
    server.resume();
    await sleep(300);
    const before = await commandStats();
    const gateBefore = store.stats().commands.sent;
    const probesBefore = store.stats().breaker!.probes;
    let done = 0;
    for (let i = 0; i < 10; i++) {
      await Promise.all([
        ...Array.from({ length: 40 }, (_, j) => catalog.item(j)),
        provider.set(`open:${i}`, i, { tags: ['open'] }),
        provider.getOrSet(`open:g${i}`, () => i),
        provider.get(`open:${i}`),
        provider.invalidateTags(['open']).catch(() => undefined),
        provider.delete(`open:${i}`).catch(() => undefined),
      ]);
      done += 45;
    }
    const after = await commandStats();
    const reached = diff(before, after);
    expect(store.breaker?.state).toBe('open');
    expect(store.stats().breaker!.probes).toBe(probesBefore);
    // Now one probe: it is the only thing that reaches Redis, and it closes the breaker.
    store.breaker!.probeSoon();
    await catalog.item(0);
    const probe = diff(after, await commandStats());
    console.log(
      `breaker open: ${done} operations → ${total(reached)} commands reached Redis (gate sent ${store.stats().commands.sent - gateBefore - total(probe)}), ` +
        `then one probe → ${JSON.stringify(probe)}; breaker ${store.breaker?.state}`,
    );
    expect(reached).toEqual({});
    expect(total(probe)).toBeGreaterThanOrEqual(1);
    expect(total(probe)).toBeLessThanOrEqual(3);
    expect(store.breaker?.state).toBe('closed');
  });
});

/** `calls` per command from INFO commandstats, without INFO itself (the test's own). */
async function commandStats(): Promise<Record<string, number>> {
  await rawReady();
  const info = await raw.info('commandstats');
  const stats: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (match[1] !== 'info') stats[match[1]] = Number(match[2]);
  return stats;
}

function diff(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, calls] of Object.entries(b)) if (calls !== (a[name] ?? 0)) out[name] = calls - (a[name] ?? 0);
  return out;
}

function total(d: Record<string, number>): number {
  return Object.values(d).reduce((s, n) => s + n, 0);
}
