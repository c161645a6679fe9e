import type { CacheEntry } from './cache-entry';
import type { Serializer } from './serializer';
import type { TagIndex } from './tag-index';
import type { DistributedLock } from '../lock/distributed-lock';

/**
 * A place where entries live: memory, Redis, a tier of both, any Keyv adapter,
 * or your own. Every implementation passes `runStoreConformance` from
 * `@cachet/core/testing`.
 *
 * Keys given to a store are already fully namespaced by the provider
 * (`<namespace>:[<tenant>:]<class namespace>:<key>`); a store may add its own
 * prefix in its backend. Stores throw on failure; the provider decides to fail
 * open, so a store never swallows its own errors.
 */
export interface CacheStore {
  /** A short name for logs, stats and health (`'memory'`, `'redis'`, …). */
  readonly name: string;

  /**
   * The entry for `key`, or `undefined` when there is none or it is past
   * `staleUntil`. An entry past `expiresAt` but within `staleUntil` IS returned:
   * the provider decides whether stale values may be served.
   */
  get(key: string): Promise<CacheEntry | undefined>;

  /**
   * Optional synchronous read for stores that keep entries in this process.
   * The provider uses it to answer hits without a promise hop. Same semantics as `get`.
   * `now` is the caller's current time (ms since the epoch) when it has read
   * the clock already, so one hit reads it once; stores default it to `Date.now()`.
   */
  getSync?(key: string, now?: number): CacheEntry | undefined;

  /**
   * Optional, with `getSync`: the value of the entry under `key` when it is
   * fresh at `now` (`expiresAt > now`), else `miss` (whatever the caller passes:
   * a value of its own that no entry holds). Same effects as
   * `getSync(key, now)` (LRU use, dropping an expired entry), without building
   * the `CacheEntry`: the provider answers a plain hit with it (W1).
   */
  getFreshValueSync?(key: string, now: number, miss: unknown): unknown;

  /**
   * Optional: true when `getSync` sees only the part of the store kept in this
   * process (a tier's L1), so that its `undefined` means "not here" rather than
   * a miss. The provider then asks `get` before loading.
   * @default false (an `undefined` from `getSync` is a miss)
   */
  readonly partialGetSync?: boolean;

  /** Entries for many keys, in the same order (`undefined` for each miss). */
  getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>>;

  /**
   * Stores `entry` under `key`, replacing what was there, kept until
   * `entry.staleUntil`. Writes are atomic with their expiry.
   */
  set(key: string, entry: CacheEntry): Promise<void>;

  /** Stores many entries; same semantics as `set` for each. */
  setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void>;

  /** Removes the keys; resolves to how many existed. */
  delete(keys: readonly string[]): Promise<number>;

  /** True when `get(key)` would return an entry. */
  has(key: string): Promise<boolean>;

  /**
   * Yields, in batches, the keys matching a glob `pattern` with Redis
   * semantics (`*`, `?`, `[abc]`, `[^a]`, `[a-z]`, `\` escapes the next char).
   * Never blocks the backend (Redis: SCAN, never KEYS).
   */
  scan(pattern: string): AsyncIterable<string[]>;

  /**
   * Removes every entry this store owns (its own prefix only) and nothing else:
   * never FLUSHDB / FLUSHALL.
   */
  clear(): Promise<void>;

  /** Releases connections and timers. The store is unusable afterwards. */
  close(): Promise<void>;

  /**
   * Optional: registers a listener told about keys the store dropped on its own
   * (capacity eviction, expiry), so an in-process tag index can forget them.
   * Returns a function that unregisters the listener.
   */
  onEvict?(listener: (key: string) => void): () => void;

  /**
   * Optional: drops local copies of entries carrying any of these tags. Called
   * by the provider after a tag invalidation, for stores (such as a tier) that
   * keep copies outside the tag index's reach.
   */
  onTagsInvalidated?(tags: readonly string[]): Promise<void>;

  /**
   * Optional: drops local copies of entries whose keys match the glob `pattern`.
   * Called by the provider after a revoke, for the same stores and reason as
   * `onTagsInvalidated` (copies the revoke's scan cannot see, e.g. another
   * instance's L1).
   */
  onRevoked?(pattern: string): Promise<void>;

  /** Optional: the tag index a provider uses with this store when none is given. */
  createTagIndex?(): TagIndex;

  /**
   * Optional: a lock shared by every instance using this backend, for
   * cross-process single-flight (`lock: true` on a method or provider).
   * Called once per provider. `undefined` (or no method) means the store needs
   * none: a store kept in one process is covered by the in-process single-flight.
   */
  createLock?(): DistributedLock | undefined;

  /** Optional: the serializer this store encodes values with; the provider revives `type` through it. */
  readonly serializer?: Serializer;

  /** Optional: a real round trip to the backend for health checks. */
  ping?(): Promise<void>;
}
