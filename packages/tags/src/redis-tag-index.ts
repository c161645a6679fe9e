import { CacheClosedError, CircuitBreaker, escapeGlob } from '@cachet/core';
import type { CacheEntry, CacheStore, TagIndex, WriteToken } from '@cachet/core';
import type { RedisClient } from './lua/script';
import { AtomicOps } from './redis/atomic-ops';
import { CommandGate } from './redis/command-gate';
import { gatedClient, gateOf } from './redis/gated-client';
import { RedisKeyLayout } from './redis/key-layout';
import { resolveRedisTagIndexOptions } from './redis/options';
import type { RedisTagIndexOptions, ResolvedRedisTagIndexOptions } from './redis/options';
import { matchingTarget } from './redis/redis-target';
import type { RedisEntryTarget } from './redis/redis-target';
import { storeBeneath } from './redis/layered-store';
import type { WriteAnnouncement } from './redis/layered-store';
import { isCluster, scanMasters, slotGroups } from './redis/slots';
import { StepwiseOps, tryDecode } from './redis/stepwise-ops';
import { WriteGuard } from './redis/write-guard';

/**
 * The tag-to-key index in Redis, with the write guard.
 *
 * Tag sets are sorted sets `<prefix>~t:<tag>` of keys scored by their entry's
 * `staleUntil`: every write prunes members that have expired and extends the
 * set's TTL to its longest entry, so the index never outgrows the live
 * entries. A key's tags are read from its entry's frame header.
 *
 * On a standalone server (or a Cluster whose prefix has a hash tag, `{app}:`)
 * writes, deletes and each invalidation chunk are single atomic Lua scripts.
 * On a Cluster they run per slot in a safe order; see the package README for
 * exactly what is atomic there.
 *
 * @example
 * const index = new RedisTagIndex({ client: redis, prefix: 'cachet:' });
 */
export class RedisTagIndex implements TagIndex {
  /** @inheritdoc */
  readonly name = 'redis-tags';
  private readonly options: ResolvedRedisTagIndexOptions;
  private readonly layout: RedisKeyLayout;
  private readonly guard: WriteGuard;
  private readonly atomic: AtomicOps;
  private readonly stepwise: StepwiseOps;
  /** True when every key under the prefix lives on one shard, so single scripts can touch them all. */
  private readonly singleShard: boolean;
  /** The client behind the command gate: every command has a deadline and passes the breaker. */
  private readonly client: RedisClient;
  private readonly gate: CommandGate;
  /** True when this index created its gate (a store's index shares the store's, which the store closes). */
  private readonly ownsGate: boolean;
  private closed = false;

  constructor(options: RedisTagIndexOptions) {
    this.options = resolveRedisTagIndexOptions(options);
    const { prefix, guardWindowMs, chunkSize, commandTimeoutMs, stallTimeoutMs, breaker } = this.options;
    const given = this.options.client;
    const shared = gateOf(given);
    this.ownsGate = shared === undefined;
    this.gate = shared ?? new CommandGate(given, 'redis-tags', commandTimeoutMs, stallTimeoutMs, breaker === false ? undefined : CircuitBreaker.fromResolved('redis-tags', breaker));
    const client = shared === undefined ? gatedClient(given, this.gate) : given;
    this.client = client;
    this.layout = new RedisKeyLayout(prefix);
    this.guard = new WriteGuard(client, this.layout, guardWindowMs);
    this.atomic = new AtomicOps(client, this.layout, this.guard, chunkSize, this.gate);
    this.stepwise = new StepwiseOps(client, this.layout, this.guard, chunkSize, this.gate);
    this.singleShard = !isCluster(client) || hasHashTag(prefix);
  }

  /** The circuit breaker in front of the index's commands (the store's, for an index from `createTagIndex()`), or undefined when disabled. */
  get breaker(): CircuitBreaker | undefined {
    return this.gate.breaker;
  }

  /** @inheritdoc A fresh shared token comes back as is, not in a promise: the load can start at once. */
  begin(): WriteToken | Promise<WriteToken> {
    if (this.closed) return Promise.reject(new CacheClosedError('RedisTagIndex'));
    return this.guard.begin();
  }

  /** Asks for a write token alongside a read that may end in a load (see {@link SharedToken.prefetch}). */
  prepare(): Promise<void> | undefined {
    return this.closed ? undefined : this.guard.prepare();
  }

  /** @inheritdoc */
  async write(store: CacheStore, key: string, entry: CacheEntry, token?: WriteToken): Promise<boolean> {
    this.assertOpen();
    // A tier: write its L2 (in one script when it is ours), and let the tier copy the entry into L1 and tell its peers.
    const layered = storeBeneath(store);
    if (layered !== undefined) return layered.layer.writeThrough(key, entry, (announcement) => this.writeTo(layered.beneath, key, entry, token, announcement));
    return this.writeTo(store, key, entry, token, undefined);
  }

  private writeTo(store: CacheStore, key: string, entry: CacheEntry, token: WriteToken | undefined, announcement: WriteAnnouncement | undefined): Promise<boolean> {
    const tags = [...new Set(entry.tags)];
    const target = this.target(store);
    // In-script PUBLISH only on a standalone server; on a Cluster the layer publishes as usual.
    if (target && this.singleShard) return this.atomic.write(target, key, entry, tags, token, isCluster(this.client) ? undefined : announcement);
    return this.stepwise.write(store, target, key, entry, tags, token);
  }

  /** @inheritdoc */
  async delete(store: CacheStore, keys: readonly string[]): Promise<number> {
    this.assertOpen();
    if (keys.length === 0) return 0;
    await this.guard.markKeys(keys);
    return this.deleteKeys(store, keys);
  }

  /** @inheritdoc */
  async invalidate(store: CacheStore, tags: readonly string[]): Promise<number> {
    this.assertOpen();
    const unique = [...new Set(tags)];
    if (unique.length === 0) return 0;
    await this.guard.markTags(unique);
    const target = this.target(store);
    let removed = 0;
    for (const tag of unique) {
      removed += target && this.singleShard ? await this.atomic.invalidateTag(tag) : await this.stepwise.invalidateTag(store, target, tag);
    }
    return removed;
  }

  /** @inheritdoc */
  async revoke(store: CacheStore, pattern: string): Promise<number> {
    this.assertOpen();
    await this.guard.markPattern(pattern);
    const done = new Set<string>();
    let removed = 0;
    for await (const batch of store.scan(pattern)) {
      // SCAN may repeat a key; delete each once so the count is exact.
      const fresh = batch.filter((key) => !done.has(key));
      fresh.forEach((key) => done.add(key));
      if (fresh.length > 0) removed += await this.deleteKeys(store, fresh);
    }
    return removed;
  }

  /** Drops keys from their tag sets, reading their tags from entries that are still there. Never touches entries. */
  async forget(keys: readonly string[]): Promise<void> {
    this.assertOpen();
    const info = await this.recordedTags(keys);
    const { client } = this;
    await Promise.all([
      ...[...info].flatMap(([key, tags]) => tags.map((tag) => client.zrem(this.layout.tagSet(tag), key))),
      ...keys.map((key) => client.unlink(this.layout.keyTags(key))),
    ]);
  }

  /** Live keys (staleUntil not passed) recorded under `tag`. */
  async keysForTag(tag: string): Promise<string[]> {
    this.assertOpen();
    return this.client.zrangebyscore(this.layout.tagSet(tag), `(${Date.now()}`, '+inf');
  }

  /** Tags of the entry at `key` under which the index still records it. */
  async tagsForKey(key: string): Promise<string[]> {
    this.assertOpen();
    const tags = (await this.recordedTags([key])).get(key) ?? [];
    const scores = await Promise.all(tags.map((tag) => this.client.zscore(this.layout.tagSet(tag), key)));
    return tags.filter((_, i) => scores[i] !== null);
  }

  /** Tags that have at least one live key, found with SCAN on every master. */
  async listTags(prefix = ''): Promise<string[]> {
    this.assertOpen();
    const { client } = this;
    const { scanCount } = this.options;
    const setPrefix = this.layout.tagSet('');
    const found = new Set<string>();
    for await (const batch of scanMasters(client, `${escapeGlob(this.layout.tagSet(prefix))}*`, scanCount)) {
      batch.forEach((setKey) => found.add(setKey));
    }
    const now = `(${Date.now()}`;
    const live = await Promise.all([...found].map(async (setKey) => ((await client.zcount(setKey, now, '+inf')) > 0 ? setKey : undefined)));
    return live.filter((setKey): setKey is string => setKey !== undefined).map((setKey) => setKey.slice(setPrefix.length));
  }

  /** @inheritdoc */
  async clear(store: CacheStore): Promise<void> {
    this.assertOpen();
    await this.guard.markAll();
    await store.clear();
    // A store on this prefix has already dropped the index; another store has not.
    const { client } = this;
    const { scanCount } = this.options;
    for (const match of [this.layout.tagSet(''), this.layout.keyTags('')]) {
      for await (const batch of scanMasters(client, `${escapeGlob(match)}*`, scanCount)) {
        await Promise.all(slotGroups(client, batch, (k) => k, scanCount).map((group) => client.unlink(...group)));
      }
    }
  }

  /** Marks the index closed and stops listening to the client, which belongs to whoever created it and stays open. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ownsGate) this.gate.close();
  }

  private deleteKeys(store: CacheStore, keys: readonly string[]): Promise<number> {
    const target = this.target(store);
    return target && this.singleShard ? this.atomic.deleteKeys(keys) : this.stepwise.deleteKeys(store, target, keys);
  }

  private target(store: CacheStore): RedisEntryTarget | undefined {
    return matchingTarget(store, this.client, this.options.prefix);
  }

  /**
   * Tags of each key: from its entry frame under this prefix, else from the
   * key → tags record kept for entries outside Redis. Keys with neither are left out.
   */
  private async recordedTags(keys: readonly string[]): Promise<Map<string, readonly string[]>> {
    const { client } = this;
    const now = `(${Date.now()}`;
    const [payloads, records] = await Promise.all([
      Promise.all(keys.map((key) => client.getBuffer(this.layout.entry(key)))),
      Promise.all(keys.map((key) => client.zrangebyscore(this.layout.keyTags(key), now, '+inf'))),
    ]);
    const tags = new Map<string, readonly string[]>();
    keys.forEach((key, i) => {
      const payload = payloads[i];
      const frame = payload ? tryDecode(payload) : undefined;
      if (frame) tags.set(key, frame.tags);
      else if (records[i].length > 0) tags.set(key, records[i]);
    });
    return tags;
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheClosedError('RedisTagIndex');
  }
}

/** True when Redis would hash every `<prefix>…` key by the prefix's own `{…}` tag. */
function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  const close = open < 0 ? -1 : prefix.indexOf('}', open + 1);
  return close > open + 1;
}
