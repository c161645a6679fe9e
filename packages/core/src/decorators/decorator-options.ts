import type { Duration } from '../durations';
import type { KeyGenerator } from '../keys/key-generator';
import type { TypeHint } from '../contracts/serializer';
import type { ResilienceOptions } from '../provider/resilience-options';

/**
 * Function option types are written as methods of a one-member object so that
 * TypeScript checks their parameters bivariantly: a user's `(id: string) => …`
 * is accepted where cachet declares `(...args: unknown[]) => …`, without `any`.
 */
type Bivariant<Args extends unknown[], R> = { bivarianceHack(...args: Args): R }['bivarianceHack'];

/** A key: a template such as `'user:{0}'`, `'user:{0.id}'`, `'user:{id}'`, or a function of the arguments (`this` is the instance). */
export type KeyOption<Args extends unknown[] = unknown[]> = string | Bivariant<Args, string>;

/** Tags: a static list, or a function of the arguments. */
export type TagsOption<Args extends unknown[] = unknown[]> = readonly string[] | Bivariant<Args, readonly string[]>;

/**
 * Options shared by `@Cached` and `@CachePut`. The {@link ResilienceOptions}
 * (`graceBackoff`, `timeout`, `hardTimeout`, `earlyRefresh`, `lock`) default to
 * the provider's and matter for `@Cached` (a `@CachePut` always runs the method).
 */
export interface CacheWriteOptions<Args extends unknown[] = unknown[], Result = unknown> extends ResilienceOptions {
  /** Key template or function. @default `<method>:<stable hash of the arguments>` (see KeyGenerator) */
  key?: KeyOption<Args>;
  /** Builds the key when `key` is not given. @default the provider's keyGenerator */
  keyGenerator?: KeyGenerator;
  /** Time to live. @default class `@CacheConfig` ttl, else the provider's ttl ('5m') */
  ttl?: Duration;
  /** Tags of the entry, static or from the arguments. */
  tags?: TagsOption<Args>;
  /** Tags computed from the result and the arguments, added to `tags`. */
  tagsFromResult?(result: Result, ...args: Args): readonly string[];
  /** Registered provider name. @default class `@CacheConfig` provider, else 'default' */
  provider?: string;
  /** When it returns false the cache is skipped entirely for that call. */
  condition?(...args: Args): boolean;
  /** When it returns true the result is returned but not stored. */
  unless?(result: Result): boolean;
  /** Revives results as instances of a class (`() => User`) or an array of them (`() => [User]`). */
  type?: () => TypeHint;
  /** Keep serving the old value for this long after ttl while one refresh runs in the background. */
  staleWhileRevalidate?: Duration;
  /** Keep an expired value this much longer and serve it if the method fails. */
  grace?: Duration;
  /** False turns this method's caching off (the method runs every time). @default true */
  enabled?: boolean;
}

/** Options of `@Cached`. */
export type CachedOptions<Args extends unknown[] = unknown[], Result = unknown> = CacheWriteOptions<Args, Result>;

/** Options of `@CachePut` (always runs the method and stores its result). */
export type CachePutOptions<Args extends unknown[] = unknown[], Result = unknown> = CacheWriteOptions<Args, Result>;

/** Options of `@CacheEvict`. */
export interface CacheEvictOptions<Args extends unknown[] = unknown[]> {
  /** Keys to delete: templates over this method's arguments (same syntax as `@Cached`'s key) or functions. */
  keys?: ReadonlyArray<KeyOption<Args>> | Bivariant<Args, readonly string[]>;
  /** Tags to invalidate, static or from the arguments. */
  tags?: TagsOption<Args>;
  /** Delete every entry of the class namespace. @default false */
  allEntries?: boolean;
  /** Evict before the method runs (even if it then fails). @default false: only after it succeeds */
  beforeInvocation?: boolean;
  /** Registered provider name. @default class `@CacheConfig` provider, else 'default' */
  provider?: string;
}

/** A tag given to `@CacheTag`: a string, or a function of the method's arguments returning one. */
export type TagProducer = string | Bivariant<unknown[], string>;

/** Options of `@CacheConfig` (class-level defaults). */
export interface CacheConfigOptions {
  /** Key namespace of the class. @default the class name */
  namespace?: string;
  /** Default ttl of the class's cached methods. */
  ttl?: Duration;
  /** Default provider name of the class's methods. */
  provider?: string;
  /** Tags added to every entry the class's methods store. */
  tags?: readonly string[];
  /** False turns caching off for the whole class. @default true */
  enabled?: boolean;
}
