// @ts-check
'use strict';
/**
 * One application instance for the multi-process TieredStore tests, started
 * with child_process.fork by test-support/tiered-instances.ts.
 *
 * It loads the BUILT packages (`@cachet/core` and `@cachet/stores` resolve to
 * dist/ through the workspace links; `npm test` builds first), so it runs
 * exactly what users get. Its "database" is a Redis key per item under
 * TIERED_DB_PREFIX; reads go through an ordinary CacheProvider (getOrSet) on a
 * TieredStore (MemoryStore over RedisStore, default Redis bus).
 *
 * Requests arrive over the fork IPC channel as { id, cmd, args } and are
 * answered as { id, ok, result } or { id, ok: false, error }. On 'stop' it
 * closes everything and disconnects IPC: the process must then exit on its
 * own, which proves the store leaves no timer or socket behind.
 */
const { serveCommands } = require('./ipc-child');
const { CacheProvider } = require('@cachet/core');
const { MemoryStore, RedisStore, TieredStore } = require('@cachet/stores');
const Redis = require('ioredis').default;

const { TIERED_REDIS_URL, TIERED_PREFIX, TIERED_DB_PREFIX, TIERED_NAME } = process.env;
if (!TIERED_REDIS_URL || !TIERED_PREFIX || !TIERED_DB_PREFIX || !TIERED_NAME) throw new Error('tiered-child: missing TIERED_* environment');

// The subscriber is a duplicate of this client, so it inherits the name (tests find it with CLIENT LIST)
// and the short, fixed reconnect delay (a killed subscriber is back after ~100 ms).
const redis = new Redis(TIERED_REDIS_URL, { connectionName: TIERED_NAME, retryStrategy: () => 100, maxRetriesPerRequest: 5 });
/** @type {string[]} */
const busErrors = [];
const store = new TieredStore({
  l1: new MemoryStore({ maxEntries: 10_000 }),
  l2: new RedisStore({ client: redis, prefix: TIERED_PREFIX }),
  onError: (error, { operation }) => {
    if (busErrors.length < 20) busErrors.push(`${operation}: ${error.message}`);
  },
});
/** The provider's fail-open reports (e.g. a store call past storeTimeout while 10,000 junk messages arrive), counted and kept for stats. */
const providerWarnings = { count: 0, last: /** @type {string[]} */ ([]) };
/** @param {Record<string, unknown>} _fields @param {string} [message] */
const collect = (_fields, message) => {
  providerWarnings.count++;
  providerWarnings.last = [...providerWarnings.last.slice(-4), String(message)];
};
const logger = {
  level: 'warn', // pino-style: tells the provider not to build per-call debug lines
  debug: () => undefined, // below the level above
  info: () => undefined, // below the level above
  warn: collect,
  error: collect,
};
const provider = new CacheProvider({ store, namespace: 'app', ttl: '1m', logger }, TIERED_NAME);

/** @param {string} key */
function read(key) {
  return provider.getOrSet(key, () => redis.get(TIERED_DB_PREFIX + key), { tags: [`item:${key}`, 'items'] });
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** @type {Record<string, (args: any) => Promise<unknown>>} */
const commands = {
  ready: () => store.ready(),
  read: ({ keys }) => Promise.all(keys.map(read)),
  delete: ({ keys }) => provider.delete(...keys),
  invalidateTags: ({ tags }) => provider.invalidateTags(tags),
  stats: async () => ({ store: store.stats(), busErrors, providerWarnings }),
  // Which keys this instance holds in L1 right now (getSync reads L1 only).
  inL1: async ({ keys }) => keys.map((/** @type {string} */ key) => store.getSync(`app:${key}`) !== undefined),
  // Reads `key` until it is `expected` (yielding between reads so bus messages get in); answers the number of reads.
  waitFor: async ({ key, expected, timeoutMs }) => {
    const deadline = Date.now() + timeoutMs;
    for (let reads = 1; ; reads++) {
      if ((await read(key)) === expected) return reads;
      if (Date.now() > deadline) throw new Error(`${TIERED_NAME}: '${key}' still not '${expected}' after ${timeoutMs} ms`);
      await nextTurn();
    }
  },
  // Resolves once the bus has confirmed delivery again more than `after` times (L1 flushed each time).
  waitResync: async ({ after, timeoutMs }) => {
    const deadline = Date.now() + timeoutMs;
    while (store.stats().bus.resyncs <= after) {
      if (Date.now() > deadline) throw new Error(`${TIERED_NAME}: no bus resync within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await store.ready();
    return store.stats().bus.resyncs;
  },
  stop: async () => {
    await provider.close();
    await redis.quit();
    setImmediate(() => process.disconnect?.());
  },
};

serveCommands(commands);

process.send?.({ id: 0, ok: true, result: 'started' });
