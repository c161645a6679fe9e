import type { CacheStore } from '../contracts/cache-store';
import type { TagIndex } from '../contracts/tag-index';
import type { Serializer } from '../contracts/serializer';
import type { CacheLogger } from '../contracts/logger';
import type { Duration } from '../durations';
import type { KeyGenerator } from '../keys/key-generator';
import type { EventEmitter } from 'node:events';
import type { InvalidationRules } from '../events/invalidation-rules';
import type { DistributedLock } from '../lock/distributed-lock';
import type { ResilienceOptions } from './resilience-options';

/** Per-method settings that configuration can change without touching code. */
export interface MethodOverride {
  /** Replaces the method's ttl. */
  ttl?: Duration;
  /** False turns the method's caching off. */
  enabled?: boolean;
  /** Replaces the method's grace. */
  grace?: Duration;
  /** Replaces the method's staleWhileRevalidate. */
  staleWhileRevalidate?: Duration;
}

/** The request-scoped context of a call: today, the tenant whose entries it may see. */
export interface CacheCallContext {
  /** Every key and tag of the call is placed under this tenant. */
  tenant?: string;
}

/**
 * Options of `CacheModule.configure` / `CacheModule.register` / `new CacheProvider`.
 * The {@link ResilienceOptions} (`graceBackoff`, `timeout`, `hardTimeout`,
 * `earlyRefresh`, `lock`) are defaults for every cached method.
 */
export interface CacheProviderOptions extends ResilienceOptions {
  /** Where entries live. Required. */
  store: CacheStore;
  /** The tag-to-key index. @default the store's own (`store.createTagIndex()`): memory for MemoryStore, Redis on the same client for RedisStore */
  tags?: TagIndex;
  /** First segment of every key and tag; letters, digits, `_ . - :`. @default 'cachet' */
  namespace?: string;
  /** Default time to live. @default '5m' */
  ttl?: Duration;
  /** False makes every cached method a pass-through. @default true */
  enabled?: boolean;
  /** Builds default keys. @default DefaultKeyGenerator (method name + stable, type-tagged arguments) */
  keyGenerator?: KeyGenerator;
  /** Revives `type` results. @default the store's serializer, else a top-level prototype revival */
  serializer?: Serializer;
  /** Request context, typically read from an AsyncLocalStorage; its tenant isolates keys and tags. */
  context?: () => CacheCallContext | undefined;
  /** Deadline of each store read and write on a cached call; past it the call goes on without the cache. @default 100 (ms) */
  storeTimeout?: Duration;
  /**
   * Deadline of invalidations and management calls (`delete`, `invalidateTags`,
   * `revoke`, `clear`, listings, `@CacheEvict`): they may touch many keys and
   * their completion matters, so they get longer than a read. @default '10s'
   */
  operationTimeout?: Duration;
  /**
   * Where cachet reports: a pino-compatible logger. Debug lines (`cache hit users:user:1`) are built only
   * when the logger wants them: `isLevelEnabled('debug')` or a `level` of `debug`/`trace` when it has one,
   * always when it has neither. Values are never logged.
   * @default warnings and errors to the console; debug and info dropped
   */
  logger?: CacheLogger;
  /** Replace keys, tags and patterns by a short stable hash (`#3fa2c1…`) in logs and events. @default false */
  redactKeys?: boolean;
  /**
   * Application events that invalidate entries, e.g. `{ 'user.updated': { tags: ['user:{id}'] } }`;
   * `{field}` is filled from the payload (escaped). Trigger with `provider.emit(event, payload)` or
   * through `invalidationEvents`.
   */
  invalidateOn?: InvalidationRules;
  /** An EventEmitter whose `invalidateOn` events the provider listens to (until `close()`). */
  invalidationEvents?: EventEmitter;
  /** Per `'Class.method'` overrides, e.g. `{ 'UserService.getUser': { ttl: '1m' } }`; they win over code. */
  overrides?: Readonly<Record<string, MethodOverride>>;
  /** Default grace of every cached method. @default 0 (none) */
  grace?: Duration;
  /** Default stale-while-revalidate window. @default 0 (none) */
  staleWhileRevalidate?: Duration;
  /**
   * The lock behind `lock: true`. @default the store's (`store.createLock()`:
   * a `RedisLock` for RedisStore and TieredStore; none for memory stores, which
   * need none)
   */
  distributedLock?: DistributedLock;
}

/** Documented defaults of {@link CacheProviderOptions}. */
export const DEFAULT_PROVIDER_OPTIONS = Object.freeze({
  namespace: 'cachet',
  ttl: '5m',
  enabled: true,
  storeTimeout: 100,
  redactKeys: false,
  operationTimeout: '10s',
  grace: 0,
  staleWhileRevalidate: 0,
  graceBackoff: '1s',
  earlyRefresh: false,
  lock: false,
} as const);
