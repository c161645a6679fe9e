// @ts-check
'use strict';
/**
 * One application instance for the distributed single-flight tests, forked by
 * test-support/lock-instances.ts. Loads the BUILT packages (run `npm run build`).
 * A CacheProvider with `lock` on a RedisStore or a TieredStore; its loader
 * counts every call with INCR <prefix>calls:<key>, so the test sees the total
 * over all processes. Requests come over IPC as { id, cmd, args }.
 */
const { serveCommands } = require('./ipc-child');
const { CacheProvider } = require('@cachet/core');
const { MemoryStore, RedisStore, TieredStore } = require('@cachet/stores');
const Redis = require('ioredis').default;

const { LOCK_REDIS_URL, LOCK_PREFIX, LOCK_NAME, LOCK_STORE, LOCK_LEASE_MS, LOCK_WAIT_MS } = process.env;
if (!LOCK_REDIS_URL || !LOCK_PREFIX || !LOCK_NAME) throw new Error('lock-child: missing LOCK_* environment');

const redis = new Redis(LOCK_REDIS_URL, { connectionName: LOCK_NAME, maxRetriesPerRequest: 2 });
const l2 = new RedisStore({ client: redis, prefix: LOCK_PREFIX });
const store = LOCK_STORE === 'tiered' ? new TieredStore({ l1: new MemoryStore({ maxEntries: 1_000 }), l2 }) : l2;
const warnings = /** @type {string[]} */ ([]);
const note = (/** @type {unknown} */ _fields, /** @type {string} */ message) => void (warnings.length < 20 && warnings.push(String(message)));
const logger = { level: 'warn', debug: () => undefined, info: () => undefined, warn: note, error: note };
const provider = new CacheProvider(
  { store, namespace: 'app', ttl: '1m', logger, lock: { lease: Number(LOCK_LEASE_MS ?? 5_000), wait: Number(LOCK_WAIT_MS ?? 5_000) } },
  LOCK_NAME,
);

/** @type {Record<string, (args: any) => Promise<unknown>>} */
const commands = {
  // `count` concurrent calls of one key; the loader takes `loadMs`.
  read: async ({ key, count, loadMs }) => {
    const started = Date.now();
    const loader = async () => {
      await redis.incr(`${LOCK_PREFIX}calls:${key}`);
      process.send?.({ id: -1, ok: true, result: 'loading' });
      await new Promise((resolve) => setTimeout(resolve, loadMs));
      return `value from ${LOCK_NAME}`;
    };
    const values = await Promise.all(Array.from({ length: count }, () => provider.getOrSet(key, loader)));
    return { distinct: [...new Set(values)], ms: Date.now() - started, stats: provider.stats(), warnings };
  },
  stop: async () => {
    await provider.close();
    await redis.quit();
    setImmediate(() => process.disconnect?.());
  },
};

serveCommands(commands);
// Started once connected, so that the tests measure the lock, not the first connection.
redis.ping().then(
  () => process.send?.({ id: 0, ok: true, result: 'started' }),
  (error) => process.send?.({ id: 0, ok: false, error: String(error) }),
);
