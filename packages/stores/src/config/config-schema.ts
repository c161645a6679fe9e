import type { Duration, InvalidationRules, MethodOverride } from '@cachet/core';

/** The storage backends `fromConfig` can build. */
export const CONFIG_BACKENDS = Object.freeze(['memory', 'redis', 'tiered'] as const);

/** One of `memory | redis | tiered`. */
export type ConfigBackend = (typeof CONFIG_BACKENDS)[number];

/**
 * What a cachet configuration file (JSON or YAML) may hold. Every field is
 * optional; the environment wins over the file.
 *
 * @example
 * backend: redis
 * ttl: 5m
 * namespace: shop
 * redis: { url: 'redis://127.0.0.1:6379', prefix: 'shop:' }
 * overrides:
 *   UserService.getUser: { ttl: 1m }
 *   ReportService.daily: { enabled: false }
 */
export interface CacheFileConfig {
  /** False makes every cached method a pass-through (env `CACHE_ENABLED`). @default true */
  enabled?: boolean;
  /** Where entries live (env `CACHE_BACKEND`). @default 'memory' */
  backend?: ConfigBackend;
  /** Default time to live (env `CACHE_TTL`). @default '5m' */
  ttl?: Duration;
  /** First segment of every key (env `CACHE_NAMESPACE`). @default 'cachet' */
  namespace?: string;
  /** Deadline of each store operation (env `CACHE_STORE_TIMEOUT`). @default 100 */
  storeTimeout?: Duration;
  /** Default grace of every cached method. @default 0 */
  grace?: Duration;
  /** Default stale-while-revalidate window. @default 0 */
  staleWhileRevalidate?: Duration;
  /** Hash keys in logs and events. @default false */
  redactKeys?: boolean;
  /** MemoryStore settings (the memory backend, and L1 of tiered). */
  memory?: { maxEntries?: number };
  /** RedisStore settings (the redis backend, and L2 of tiered); `url` is overridden by env `REDIS_URL`. */
  redis?: { url?: string; prefix?: string };
  /** Per `'Class.method'` settings that win over code. */
  overrides?: Record<string, MethodOverride>;
  /** Application events that invalidate entries. */
  invalidateOn?: InvalidationRules;
}

/** Documented defaults of {@link CacheFileConfig} that fromConfig itself applies. */
export const DEFAULT_FILE_CONFIG = Object.freeze({
  backend: 'memory' as ConfigBackend,
  memory: Object.freeze({ maxEntries: 10_000 }),
  redisUrl: 'redis://127.0.0.1:6379',
});

/** Top-level keys a file may have: a typo is an error, not a silently ignored setting. */
export const FILE_KEYS: ReadonlySet<string> = new Set([
  'enabled', 'backend', 'ttl', 'namespace', 'storeTimeout', 'grace', 'staleWhileRevalidate', 'redactKeys', 'memory', 'redis', 'overrides', 'invalidateOn',
]);

/** Environment variables fromConfig reads. */
export const CONFIG_ENV = Object.freeze({
  enabled: 'CACHE_ENABLED',
  backend: 'CACHE_BACKEND',
  ttl: 'CACHE_TTL',
  namespace: 'CACHE_NAMESPACE',
  storeTimeout: 'CACHE_STORE_TIMEOUT',
  redisUrl: 'REDIS_URL',
});
