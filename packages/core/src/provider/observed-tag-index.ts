import type { CacheEntry } from '../contracts/cache-entry';
import type { CacheStore } from '../contracts/cache-store';
import type { TagIndex, WriteToken } from '../contracts/tag-index';
import type { Observer } from './observer';

/** What the wrapper needs from the runtime: the observer and the current call's prefix. */
interface ObservedRuntime {
  readonly observer: Observer;
  prefix(): string;
}

/**
 * Wraps the provider's tag index so that every removal — explicit calls,
 * `@CacheEvict`, invalidation events — emits `delete` / `invalidate` events
 * and debug lines from one place, with keys relative to the caller's prefix.
 */
export class ObservedTagIndex implements TagIndex {
  constructor(
    private readonly inner: TagIndex,
    private readonly runtime: ObservedRuntime,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  begin(): WriteToken | Promise<WriteToken> {
    return this.inner.begin();
  }

  prepare(): PromiseLike<void> | undefined {
    return this.inner.prepare?.();
  }

  write(store: CacheStore, key: string, entry: CacheEntry, token?: WriteToken): Promise<boolean> {
    return this.inner.write(store, key, entry, token);
  }

  async delete(store: CacheStore, keys: readonly string[]): Promise<number> {
    const started = performance.now();
    const count = await this.inner.delete(store, keys);
    if (this.runtime.observer.wants('delete')) {
      const prefix = this.runtime.prefix();
      this.runtime.observer.emit('delete', { keys: keys.map((key) => strip(key, prefix)), count, durationMs: performance.now() - started });
    }
    return count;
  }

  async invalidate(store: CacheStore, tags: readonly string[]): Promise<number> {
    const started = performance.now();
    const count = await this.inner.invalidate(store, tags);
    if (this.runtime.observer.wants('invalidate')) {
      const prefix = this.runtime.prefix();
      this.runtime.observer.emit('invalidate', { tags: tags.map((tag) => strip(tag, prefix)), count, durationMs: performance.now() - started });
    }
    return count;
  }

  async revoke(store: CacheStore, pattern: string): Promise<number> {
    const started = performance.now();
    const count = await this.inner.revoke(store, pattern);
    if (this.runtime.observer.wants('invalidate')) {
      // The glob starts with the escaped prefix; what follows is the pattern as the store matched it.
      const prefix = this.runtime.prefix().replace(/[\\*?[\]]/g, '\\$&');
      this.runtime.observer.emit('invalidate', { pattern: strip(pattern, prefix), count, durationMs: performance.now() - started });
    }
    return count;
  }

  forget(keys: readonly string[]): void | Promise<void> {
    return this.inner.forget(keys);
  }

  keysForTag(tag: string): Promise<string[]> {
    return this.inner.keysForTag(tag);
  }

  tagsForKey(key: string): Promise<string[]> {
    return this.inner.tagsForKey(key);
  }

  listTags(prefix?: string): Promise<string[]> {
    return this.inner.listTags(prefix);
  }

  async clear(store: CacheStore): Promise<void> {
    const started = performance.now();
    await this.inner.clear(store);
    // clear() cannot count what it removed; the event says what happened, not how much.
    if (this.runtime.observer.wants('invalidate')) this.runtime.observer.emit('invalidate', { pattern: '*', count: 0, durationMs: performance.now() - started });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function strip(full: string, prefix: string): string {
  return full.startsWith(prefix) ? full.slice(prefix.length) : full;
}
