import { CacheClosedError, escapeGlob, physicalTtl } from '@cachet/core';
import type { CacheEntry, CacheStore, Serializer, TagIndex } from '@cachet/core';
import { RedisKeyLayout, RedisTagIndex, execChecked, scanMasters, slotGroups } from '@cachet/tags';
import type { RedisBackedStore, RedisClient, RedisEntryTarget } from '@cachet/tags';
import { connectUrl } from './connect';
import { EntryCodec } from './entry-codec';
import { resolveRedisStoreOptions } from './redis-store.options';
import type { RedisStoreOptions, ResolvedRedisStoreOptions } from './redis-store.options';

/**
 * Entries in Redis (standalone or Cluster) through ioredis.
 *
 * Each entry is one string key `<prefix><key>` written with `SET … PX` (value
 * and TTL in one command), holding the serialized value with its metadata.
 * Reads of many keys use MGET, one per hash slot on a Cluster. A value that
 * cannot be decoded reads as a miss, is deleted and counted in `corruptReads`.
 *
 * @example
 * const store = new RedisStore({ client: new Redis(), prefix: 'app:' });
 */
export class RedisStore implements CacheStore, RedisBackedStore {
  /** @inheritdoc */
  readonly name = 'redis';
  /** The connection entries live on (yours, or the one created from `url`). */
  readonly client: RedisClient;
  /** @inheritdoc */
  readonly redisTarget: RedisEntryTarget;
  private readonly options: ResolvedRedisStoreOptions;
  private readonly layout: RedisKeyLayout;
  private readonly codec: EntryCodec;
  private readonly ownsClient: boolean;
  private corrupt = 0;
  private closed = false;

  constructor(options: RedisStoreOptions) {
    this.options = resolveRedisStoreOptions(options);
    this.ownsClient = this.options.client === undefined;
    this.client = this.options.client ?? connectUrl(this.options.url as string);
    this.layout = new RedisKeyLayout(this.options.prefix);
    this.codec = new EntryCodec(this.options.serializer, this.options.compressAbove);
    this.redisTarget = { client: this.client, prefix: this.options.prefix, encode: (entry) => this.codec.encode(entry) };
  }

  /** Values encode through this serializer; the provider revives `type` with it. */
  get serializer(): Serializer {
    return this.options.serializer;
  }

  /** The prefix every key of this store starts with. */
  get prefix(): string {
    return this.options.prefix;
  }

  /** How many stored values could not be decoded (each was deleted and read as a miss). */
  get corruptReads(): number {
    return this.corrupt;
  }

  /** @inheritdoc */
  async get(key: string): Promise<CacheEntry | undefined> {
    this.assertOpen();
    return this.read(key, await this.fetch(key));
  }

  /** @inheritdoc */
  async getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    this.assertOpen();
    const indexed = keys.map((key, i) => [key, i] as const);
    const result = new Array<CacheEntry | undefined>(keys.length).fill(undefined);
    const groups = slotGroups(this.client, indexed, ([key]) => this.layout.entry(key), this.options.batchSize);
    await Promise.all(
      groups.map(async (group) => {
        const payloads = await this.fetchMany(group.map(([key]) => key));
        await Promise.all(group.map(async ([key, i], j) => (result[i] = await this.read(key, payloads[j]))));
      }),
    );
    return result;
  }

  /** @inheritdoc */
  async set(key: string, entry: CacheEntry): Promise<void> {
    this.assertOpen();
    await this.client.set(this.layout.entry(key), await this.codec.encode(entry), 'PX', physicalTtl(entry));
  }

  /** @inheritdoc */
  async setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void> {
    this.assertOpen();
    const encoded = await Promise.all(items.map(async ([key, entry]) => [this.layout.entry(key), await this.codec.encode(entry), physicalTtl(entry)] as const));
    // One pipeline per slot group: a Cluster pipeline must stay on one node.
    const groups = slotGroups(this.client, encoded, ([redisKey]) => redisKey, this.options.batchSize);
    await Promise.all(
      groups.map((group) => {
        const pipeline = this.client.pipeline();
        for (const [redisKey, payload, ttl] of group) pipeline.set(redisKey, payload, 'PX', ttl);
        return execChecked(pipeline, 'RedisStore.setMany');
      }),
    );
  }

  /** @inheritdoc */
  async delete(keys: readonly string[]): Promise<number> {
    this.assertOpen();
    return this.unlink(keys.map((key) => this.layout.entry(key)));
  }

  /** @inheritdoc */
  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Keys (relative to the prefix) matching `pattern`, found with SCAN MATCH on every master; never the tag index's `~` keys. */
  async *scan(pattern: string): AsyncIterable<string[]> {
    this.assertOpen();
    const seen = new Set<string>();
    const start = this.options.prefix.length;
    for await (const batch of scanMasters(this.client, escapeGlob(this.options.prefix) + pattern, this.options.scanCount)) {
      const keys = batch.map((k) => k.slice(start)).filter((k) => !RedisKeyLayout.isInternal(k) && !seen.has(k));
      keys.forEach((k) => seen.add(k));
      if (keys.length > 0) yield keys;
    }
  }

  /**
   * Removes every key under the prefix (entries and tag sets) with SCAN +
   * UNLINK on every master. Keeps the write-guard records (`~g:`), which expire
   * by themselves, so a clear is not undone by a load that began before it.
   */
  async clear(): Promise<void> {
    this.assertOpen();
    const start = this.options.prefix.length;
    for await (const batch of scanMasters(this.client, `${escapeGlob(this.options.prefix)}*`, this.options.scanCount)) {
      await this.unlink(batch.filter((k) => !RedisKeyLayout.isGuard(k.slice(start))));
    }
  }

  /** A RedisTagIndex on the same client and prefix (the provider's default for this store). */
  createTagIndex(): TagIndex {
    return new RedisTagIndex({ ...this.options.tagIndex, client: this.client, prefix: this.options.prefix });
  }

  /** @inheritdoc */
  async ping(): Promise<void> {
    this.assertOpen();
    await this.client.ping();
  }

  /** Quits the connection only if the store created it from `url`; a client you passed in stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.client.quit();
  }

  private async fetch(key: string): Promise<Buffer | null | Error> {
    try {
      return await this.client.getBuffer(this.layout.entry(key));
    } catch (error) {
      return asWrongType(error);
    }
  }

  /** MGET answers nil for a key of another type, so unlike GET it needs no WRONGTYPE handling. */
  private fetchMany(keys: readonly string[]): Promise<Array<Buffer | null>> {
    return this.client.mgetBuffer(...keys.map((key) => this.layout.entry(key)));
  }

  /** Decodes one fetched payload; anything unreadable is counted, deleted and read as a miss. */
  private async read(key: string, payload: Buffer | null | Error): Promise<CacheEntry | undefined> {
    if (payload === null) return undefined;
    try {
      if (payload instanceof Error) throw payload;
      const entry = await this.codec.decode(payload);
      return entry.staleUntil > Date.now() ? entry : undefined;
    } catch (error) {
      this.corrupt++;
      this.options.onCorrupt?.(key, error);
      await this.client.unlink(this.layout.entry(key));
      return undefined;
    }
  }

  private async unlink(redisKeys: readonly string[]): Promise<number> {
    const groups = slotGroups(this.client, redisKeys, (k) => k, this.options.batchSize);
    const counts = await Promise.all(groups.map((group) => this.client.unlink(...group)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheClosedError('RedisStore');
  }
}

/** A WRONGTYPE reply means another program stored a non-string under our key: a corrupt value, not a failure. */
function asWrongType(error: unknown): Error {
  if (error instanceof Error && error.message.startsWith('WRONGTYPE')) return error;
  throw error;
}
