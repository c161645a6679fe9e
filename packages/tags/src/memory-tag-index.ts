import { CacheClosedError, globToRegExp } from '@cachet/core';
import type { CacheEntry, CacheStore, TagIndex, WriteToken } from '@cachet/core';
import { TagRecords } from './memory/tag-records';
import { WriteGuard } from './memory/write-guard';
import { resolveOptions } from './memory-tag-index.options';
import type { MemoryTagIndexOptions } from './memory-tag-index.options';

/** Sizes of a {@link MemoryTagIndex}, for health checks and tests. */
export interface MemoryTagIndexStats {
  /** Tagged keys recorded (expired ones not yet swept included); untagged keys are never recorded. */
  readonly keys: number;
  /** Tags with at least one recorded key. */
  readonly tags: number;
  /** Invalidation marks kept by the write guard. */
  readonly marks: number;
}

/**
 * An in-process {@link TagIndex}: tag → keys and key → tags maps, plus a write
 * guard so that a load that began before an invalidation cannot write its
 * result back afterwards.
 *
 * Suits stores whose entries live in this process (`MemoryStore`); with a
 * shared store each process would only know its own writes. Entries the store
 * drops on its own must be passed to {@link forget}; the provider does that by
 * wiring `store.onEvict(key => index.forget([key]))`. Records of entries that
 * simply expire are swept on later writes, so the index stays bounded without
 * timers.
 *
 * Memory: only tagged keys are recorded, so untagged entries cost nothing
 * here. The guard keeps one mark per deleted key, invalidated tag and
 * revoked pattern for `guardWindow` (default 10 minutes), at most `maxMarks`
 * (default 100,000); a write whose token predates a forgotten mark is refused.
 */
export class MemoryTagIndex implements TagIndex {
  /** `'memory-tags'`. */
  readonly name = 'memory-tags';

  readonly #records = new TagRecords();
  readonly #guard: WriteGuard;
  #closed = false;

  /** @throws CacheConfigError for invalid options */
  constructor(options?: MemoryTagIndexOptions) {
    const { guardWindow, maxMarks } = resolveOptions(options);
    this.#guard = new WriteGuard(guardWindow, maxMarks);
  }

  /** The current generation: synchronous, free, never fails. */
  begin(): WriteToken {
    this.#assertOpen();
    return this.#guard.generation;
  }

  /** Writes `entry` and records its tags, unless an invalidation since `token` concerns it. */
  async write(store: CacheStore, key: string, entry: CacheEntry, token?: WriteToken): Promise<boolean> {
    this.#assertOpen();
    if (token !== undefined && !this.#guard.allows(token, key, entry.tags)) return false;
    await store.set(key, entry);
    if (token !== undefined && !this.#guard.allows(token, key, entry.tags)) {
      // An invalidation ran while the store was writing, and could not see this key in the
      // index yet. Take the write back, or it would outlive the invalidation.
      await store.delete([key]);
      return false;
    }
    const now = Date.now();
    if (entry.staleUntil > now) this.#records.record(key, entry.tags, entry.staleUntil, now);
    else this.#records.remove(key);
    return true;
  }

  /** Deletes `keys` from store and index, refusing writes of loads begun earlier. */
  async delete(store: CacheStore, keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    if (keys.length === 0) return 0;
    // Mark before touching the store, so a write finishing meanwhile sees the mark on its re-check.
    this.#guard.markKeys(keys, Date.now());
    const upTo = this.#records.seq;
    const removed = await store.delete(keys);
    // Only now: if the store failed, the records stay, so a retry still finds the entries.
    for (const key of keys) this.#records.remove(key, upTo);
    return removed;
  }

  /** Deletes every entry carrying any of `tags`; resolves to how many the store still held. */
  async invalidate(store: CacheStore, tags: readonly string[]): Promise<number> {
    this.#assertOpen();
    if (tags.length === 0) return 0;
    this.#guard.markTags(tags, Date.now());
    const keys = [...this.#records.keysWithAny(tags)];
    if (keys.length === 0) return 0;
    const upTo = this.#records.seq;
    const removed = await store.delete(keys);
    for (const key of keys) this.#records.remove(key, upTo);
    return removed;
  }

  /** Deletes every key matching the glob `pattern`, in the store (by scan) and in the index. */
  async revoke(store: CacheStore, pattern: string): Promise<number> {
    this.#assertOpen();
    this.#guard.markPattern(pattern, Date.now());
    const upTo = this.#records.seq;
    const indexed = this.#records.keysMatching(globToRegExp(pattern));
    let removed = 0;
    for await (const batch of store.scan(pattern)) {
      if (batch.length === 0) continue;
      removed += await store.delete(batch);
      for (const key of batch) this.#records.remove(key, upTo);
    }
    // Recorded keys the scan did not meet have left the store already (expired or evicted).
    for (const key of indexed) this.#records.remove(key, upTo);
    return removed;
  }

  /** Drops `keys` from the index only (the store already dropped them). */
  forget(keys: readonly string[]): void {
    if (this.#closed) return; // eviction callbacks may still arrive while a provider shuts down
    for (const key of keys) this.#records.remove(key);
  }

  /** Live keys recorded under `tag`. */
  async keysForTag(tag: string): Promise<string[]> {
    this.#assertOpen();
    return this.#records.keysForTag(tag, Date.now());
  }

  /** Tags of `key`, or `[]` when it is not recorded or has expired. */
  async tagsForKey(key: string): Promise<string[]> {
    this.#assertOpen();
    return this.#records.tagsForKey(key, Date.now());
  }

  /** Tags with at least one live key, optionally only those starting with `prefix`. */
  async listTags(prefix?: string): Promise<string[]> {
    this.#assertOpen();
    return this.#records.listTags(prefix, Date.now());
  }

  /** Clears `store` and the index; every load begun earlier is refused its write. */
  async clear(store: CacheStore): Promise<void> {
    this.#assertOpen();
    this.#guard.markAll(Date.now());
    const upTo = this.#records.seq;
    await store.clear();
    this.#records.clear(upTo);
  }

  /** Current sizes: recorded keys and tags, and guard marks. */
  stats(): MemoryTagIndexStats {
    const { keys, tags } = this.#records.size;
    return { keys, tags, marks: this.#guard.size };
  }

  /** Forgets everything; the index is unusable afterwards (`forget` becomes a no-op). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#records.clear();
    this.#guard.markAll(Date.now());
  }

  #assertOpen(): void {
    if (this.#closed) throw new CacheClosedError('MemoryTagIndex');
  }
}
