import { CacheClosedError, CacheStoreError, globToRegExp, physicalTtl } from '@cachet/core';
import type { CacheEntry, CacheStore, Serializer, TagIndex } from '@cachet/core';
import { MemoryTagIndex } from '@cachet/tags';
import type { Keyv } from 'keyv';
import { decodeKeyvEntry, encodeKeyvEntry } from './keyv-entry';
import { resolveKeyvStoreOptions } from './keyv-store.options';
import type { KeyvStoreOptions, ResolvedKeyvStoreOptions } from './keyv-store.options';

/**
 * Adapts any Keyv 5 instance (`@keyv/redis`, `@keyv/postgres`, a Map, …).
 * Entries are stored as one typed-json string each, with Keyv's TTL set to the
 * entry's `staleUntil`. `scan` needs an adapter with `iterator()`.
 *
 * @example
 * const store = new KeyvStore({ keyv: createKeyv('redis://127.0.0.1:6379', { namespace: 'app' }) });
 */
export class KeyvStore implements CacheStore {
  /** @inheritdoc */
  readonly name = 'keyv';
  private readonly options: ResolvedKeyvStoreOptions;
  private readonly keyv: Keyv;
  private corrupt = 0;
  private closed = false;

  constructor(options: KeyvStoreOptions) {
    this.options = resolveKeyvStoreOptions(options);
    this.keyv = this.options.keyv;
  }

  /** @inheritdoc */
  get serializer(): Serializer {
    return this.options.serializer;
  }

  /** How many stored values could not be decoded (each was deleted and read as a miss). */
  get corruptReads(): number {
    return this.corrupt;
  }

  /** @inheritdoc */
  async get(key: string): Promise<CacheEntry | undefined> {
    this.assertOpen();
    return this.read(key, await this.keyv.get<unknown>(key));
  }

  /** @inheritdoc */
  async getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    this.assertOpen();
    if (keys.length === 0) return [];
    const raws = await this.keyv.getMany<unknown>([...keys]);
    return Promise.all(keys.map((key, i) => this.read(key, raws[i])));
  }

  /** @inheritdoc */
  async set(key: string, entry: CacheEntry): Promise<void> {
    this.assertOpen();
    const ok = await this.keyv.set(key, encodeKeyvEntry(this.options.serializer, entry), physicalTtl(entry));
    if (!ok) throw new CacheStoreError(this.name, 'set', `Keyv refused to store '${key}' (see the Keyv instance's 'error' event)`);
  }

  /** @inheritdoc */
  async setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void> {
    await Promise.all(items.map(([key, entry]) => this.set(key, entry)));
  }

  /** @inheritdoc */
  async delete(keys: readonly string[]): Promise<number> {
    this.assertOpen();
    if (keys.length === 0) return 0;
    // Keyv's delete() says only whether all were deleted; count what existed first.
    const existing = (await this.keyv.getMany<unknown>([...keys])).filter((raw) => raw !== undefined).length;
    await this.keyv.delete([...keys]);
    return existing;
  }

  /** @inheritdoc */
  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /**
   * Keys matching `pattern`, from Keyv's `iterator()` filtered with Redis glob
   * rules. Throws `CacheStoreError` when the adapter has no iterator (pattern
   * revoke then cannot work with it).
   */
  async *scan(pattern: string): AsyncIterable<string[]> {
    this.assertOpen();
    const iterate = this.keyv.iterator;
    if (typeof iterate !== 'function') {
      throw new CacheStoreError(this.name, 'scan', 'this Keyv adapter has no iterator(), so pattern scans and revoke() are unsupported; use @keyv/redis, @keyv/sqlite, @keyv/postgres, @keyv/mongo or a Map');
    }
    const match = globToRegExp(pattern);
    let batch: string[] = [];
    // Keyv binds the generator to its own namespace; the argument is unused.
    for await (const [key] of iterate.call(this.keyv, undefined) as AsyncIterable<[string, unknown]>) {
      if (typeof key === 'string' && match.test(key)) batch.push(key);
      if (batch.length >= this.options.scanBatch) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** `keyv.clear()`: Keyv scopes it to its namespace, so give each store its own namespace. */
  async clear(): Promise<void> {
    this.assertOpen();
    await this.keyv.clear();
  }

  /** The configured tag index, else a MemoryTagIndex (coherent within this process only). */
  createTagIndex(): TagIndex {
    return this.options.tagIndex ?? new MemoryTagIndex();
  }

  /** Marks the store closed. The Keyv instance is yours and stays connected: call `keyv.disconnect()` yourself. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private async read(key: string, raw: unknown): Promise<CacheEntry | undefined> {
    if (raw === undefined || raw === null) return undefined;
    try {
      const entry = decodeKeyvEntry(this.options.serializer, raw);
      return entry.staleUntil > Date.now() ? entry : undefined;
    } catch (error) {
      this.corrupt++;
      this.options.onCorrupt?.(key, error);
      await this.keyv.delete(key);
      return undefined;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheClosedError('KeyvStore');
  }
}
