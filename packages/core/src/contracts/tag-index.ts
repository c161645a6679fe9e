import type { CacheEntry } from './cache-entry';
import type { CacheStore } from './cache-store';

/**
 * An opaque write token taken when a load starts (see {@link TagIndex.begin}).
 * Compare-and-set writes use it so that a completed invalidation is never
 * undone by a loader that began before it.
 */
export type WriteToken = number;

/**
 * The tag-to-key index, and the guard that keeps writes from resurrecting
 * invalidated data. The provider sends every write, delete and invalidation
 * through its tag index, which updates the store and itself together (atomically
 * where the backend can). Every implementation passes `runTagIndexConformance`
 * from `@cachet/core/testing`.
 *
 * Keys and tags are fully namespaced by the provider.
 */
export interface TagIndex {
  /** A short name for logs and health (`'memory-tags'`, `'redis-tags'`). */
  readonly name: string;

  /**
   * Takes a write token before a load starts. A `write` with this token is
   * refused if, after `begin`, its key was deleted, one of its tags was
   * invalidated, or a matching revoke / clear ran.
   */
  begin(): WriteToken | Promise<WriteToken>;

  /**
   * Optional hint: a store read is about to start that may end in a load,
   * which will call `begin` first. An index whose tokens cost a round trip may
   * ask for one now, alongside the read, and return a promise that settles
   * (never rejects) once `begin` can answer at once; the provider then hands
   * the read's result on only after both. Returns undefined when there is
   * nothing to wait for: `begin` can answer at once already, or the index
   * chose not to ask ahead (it may, say, only while loads are happening).
   * Must not throw.
   */
  prepare?(): PromiseLike<void> | undefined;

  /**
   * Writes `entry` to `store` under `key` and records `entry.tags`, unless the
   * token is stale (see `begin`). Without a token the write is unconditional.
   * Resolves to true when written, false when refused.
   */
  write(store: CacheStore, key: string, entry: CacheEntry, token?: WriteToken): Promise<boolean>;

  /**
   * Deletes `keys` from the store and the index, and marks them invalidated so
   * loads that began earlier cannot write them back. Resolves to the number of
   * entries that existed.
   */
  delete(store: CacheStore, keys: readonly string[]): Promise<number>;

  /**
   * Deletes every entry carrying any of `tags`, drops them from the index and
   * marks the tags invalidated. Resolves to the number of entries removed.
   */
  invalidate(store: CacheStore, tags: readonly string[]): Promise<number>;

  /**
   * Deletes every key matching the glob `pattern` (see `CacheStore.scan`),
   * marking the pattern invalidated. Resolves to the number removed.
   */
  revoke(store: CacheStore, pattern: string): Promise<number>;

  /** Forgets keys the store dropped by itself (eviction, expiry). Does not touch the store. */
  forget(keys: readonly string[]): void | Promise<void>;

  /** Keys currently recorded under `tag`. */
  keysForTag(tag: string): Promise<string[]>;

  /** Tags currently recorded for `key`. */
  tagsForKey(key: string): Promise<string[]>;

  /** Every tag that currently has at least one key, optionally only those starting with `prefix`. */
  listTags(prefix?: string): Promise<string[]>;

  /** Clears `store` and the whole index; every load begun earlier is refused its write. */
  clear(store: CacheStore): Promise<void>;

  /** Releases connections and timers. */
  close(): Promise<void>;
}
