import { CacheClosedError, CacheStoreError, CircuitBreaker, escapeGlob, physicalTtl } from '@cachet/core';
import type { BreakerAware, BreakerState, CacheEntry, CacheStore, CircuitBreakerStats, Serializer, TagIndex } from '@cachet/core';
import { CommandGate, RedisKeyLayout, RedisTagIndex, SET_TIMELY, gatedClient, isCluster, scanMasters, slotGroups } from '@cachet/tags';
import type { CommandGateStats, RedisBackedStore, RedisClient, RedisEntryTarget } from '@cachet/tags';
import { createReporter } from '../tiered/error-reporter';
import type { BusErrorReporter } from '../tiered/error-reporter';
import { closeConnection, connectUrl } from './connect';
import { EntryCodec } from './entry-codec';
import { ReadBatch } from './read-batch';
import { RedisLock } from '../lock/redis-lock';
import { CLOSE_DEADLINE_MS, resolveRedisStoreOptions } from './redis-store.options';
import type { RedisStoreOptions, ResolvedRedisStoreOptions } from './redis-store.options';

/**
 * Keys per MGET of coalesced single-key reads. Smaller batches than
 * `batchSize` let Redis work on one while the client decodes the one before:
 * with 100 hits in flight, ~200k ops/s at 25 keys against ~140k at 100 (one
 * MGET per turn leaves client and server waiting on each other in turn).
 */
const READ_BATCH_KEYS = 25;

/** Counters of a {@link RedisStore} (a snapshot). */
export interface RedisStoreStats {
  /** Stored values that could not be decoded (each was deleted and read as a miss). */
  readonly corruptReads: number;
  /** The circuit breaker's counters, or undefined when it is disabled. */
  readonly breaker: CircuitBreakerStats | undefined;
  /** Commands sent, timed out, refused for want of a connection, refused by Redis as late. */
  readonly commands: CommandGateStats;
}

/**
 * Entries in Redis (standalone or Cluster) through ioredis.
 *
 * Each entry is one string key `<prefix><key>` written with `SET … PX` (value
 * and TTL in one command), holding the serialized value with its metadata.
 * Reads of many keys use MGET, one per hash slot on a Cluster. A value that
 * cannot be decoded reads as a miss, is deleted and counted in `corruptReads`.
 *
 * Every command (the store's and its tag index's) has a deadline
 * (`commandTimeout`), passes a circuit breaker (`breaker`), and is never
 * queued on a disconnected client; writes that reach Redis after their
 * deadline are refused there. See the package README, "Failure behaviour".
 *
 * @example
 * const store = new RedisStore({ client: new Redis(), prefix: 'app:' });
 */
export class RedisStore implements CacheStore, RedisBackedStore, BreakerAware {
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
  /** `client` behind the gate: what every command of the store and its tag index goes through. */
  private readonly commands: RedisClient;
  private readonly gate: CommandGate;
  private readonly report: BusErrorReporter;
  private readonly reads: ReadBatch;
  private corrupt = 0;
  private closed = false;

  /** @throws CacheConfigError for invalid options */
  constructor(options: RedisStoreOptions) {
    this.options = resolveRedisStoreOptions(options);
    const { breaker: breakerOptions, commandTimeoutMs, stallTimeoutMs, prefix } = this.options;
    this.report = createReporter(this.options.onError, 'RedisStore', 'redis');
    this.ownsClient = this.options.client === undefined;
    this.client = this.options.client ?? connectUrl(this.options.url as string);
    // Only on a connection we created: on yours, an 'error' listener would change what your process does with errors.
    if (this.ownsClient) this.client.on('error', (error: unknown) => this.report(error, 'connection'));
    const breaker =
      breakerOptions === false
        ? undefined
        : CircuitBreaker.fromResolved('redis', { ...breakerOptions, onStateChange: (state, previous) => this.breakerMoved(state, previous) });
    this.gate = new CommandGate(this.client, 'redis', commandTimeoutMs, stallTimeoutMs, breaker);
    this.commands = gatedClient(this.client, this.gate);
    this.layout = new RedisKeyLayout(prefix);
    this.codec = new EntryCodec(this.options.serializer, this.options.compressAbove);
    this.redisTarget = { client: this.commands, prefix, encode: (entry) => this.codec.encode(entry) };
    this.reads = this.createReadBatch();
  }

  /** The circuit breaker shared by the store and its tag index, or undefined when disabled (`breaker: false`). */
  get breaker(): CircuitBreaker | undefined {
    return this.gate.breaker;
  }

  /** Counters of the store, its breaker and its commands (a snapshot). */
  stats(): RedisStoreStats {
    return { corruptReads: this.corrupt, breaker: this.gate.breaker?.stats(), commands: this.gate.stats() };
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
  get(key: string): Promise<CacheEntry | undefined> {
    if (this.closed) return Promise.reject(new CacheClosedError('RedisStore'));
    // Reads issued in the same turn travel as one MGET (see ReadBatch); no async layers: the batch's
    // promise is the only one per hit (an async `get` awaiting an async `fetch` cost three more).
    return this.reads.read(this.layout.entry(key), (payload) => this.read(key, payload));
  }

  /** @inheritdoc */
  async getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    this.assertOpen();
    const indexed = keys.map((key, i) => [key, i] as const);
    const result = new Array<CacheEntry | undefined>(keys.length).fill(undefined);
    const groups = slotGroups(this.commands, indexed, ([key]) => this.layout.entry(key), this.options.batchSize);
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
    const payload = await this.codec.encode(entry);
    await this.setTimely('set', [[this.layout.entry(key), payload, physicalTtl(entry)]]);
  }

  /** @inheritdoc */
  async setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void> {
    this.assertOpen();
    const encoded = await Promise.all(items.map(async ([key, entry]) => [this.layout.entry(key), await this.codec.encode(entry), physicalTtl(entry)] as const));
    await this.setTimely('setMany', encoded);
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
    for await (const batch of scanMasters(this.commands, escapeGlob(this.options.prefix) + pattern, this.options.scanCount)) {
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
    for await (const batch of scanMasters(this.commands, `${escapeGlob(this.options.prefix)}*`, this.options.scanCount)) {
      await this.unlink(batch.filter((k) => !RedisKeyLayout.isGuard(k.slice(start))));
    }
  }

  /** A RedisTagIndex on the same client and prefix (the provider's default for this store). */
  createTagIndex(): TagIndex {
    // The gated client: the index shares this store's deadline and breaker.
    return new RedisTagIndex({ ...this.options.tagIndex, client: this.commands, prefix: this.options.prefix });
  }

  /** A RedisLock on the same (gated) client and prefix, for `lock: true` (cross-process single-flight). */
  createLock(): RedisLock {
    return new RedisLock({ client: this.commands, prefix: this.options.prefix });
  }

  /** @inheritdoc */
  async ping(): Promise<void> {
    this.assertOpen();
    await this.commands.ping();
  }

  /**
   * Closes the connection only if the store created it from `url` (QUIT, or
   * `disconnect()` when Redis does not answer: returns within 1 s either way,
   * leaving no socket or timer behind); a client you passed in stays open.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.gate.close();
    if (this.ownsClient) await closeConnection(this.client, CLOSE_DEADLINE_MS);
  }

  /**
   * SET … PX through a script that compares the server's clock with the
   * writes' `notAfter`: writes still in a socket or a queue when their deadline
   * passed (a frozen or restarting Redis) are refused instead of applied late.
   * One script per slot group of `batchSize` keys, all-or-none within it.
   */
  private async setTimely(operation: string, items: ReadonlyArray<readonly [redisKey: string, payload: string | Buffer, ttl: number]>): Promise<void> {
    if (items.length === 0) return;
    const notAfter = await this.gate.notAfter();
    const groups = slotGroups(this.commands, items, ([redisKey]) => redisKey, this.options.batchSize);
    const replies = await Promise.all(
      groups.map((group) => SET_TIMELY.run(this.commands, group.map(([redisKey]) => redisKey), [notAfter, ...group.flatMap(([, payload, ttl]) => [payload, ttl])])),
    );
    const late = replies.filter((reply) => reply === -1).length;
    if (late === 0) return;
    this.gate.clockSuspect();
    throw new CacheStoreError('redis', operation, `Redis refused ${late} of ${groups.length} write batch(es) as arriving after their deadline (notAfter); nothing of them was applied`);
  }

  private breakerMoved(state: BreakerState, previous: BreakerState): void {
    const { breaker } = this.options;
    if (state === 'open' && previous === 'closed' && breaker !== false) {
      this.report(new Error(`circuit breaker opened after ${breaker.failureThreshold} consecutive failures; commands are skipped for ${breaker.cooldownMs} ms at a time until a probe succeeds`), 'breaker.open');
    }
    if (breaker !== false) breaker.onStateChange?.(state, previous);
  }

  /**
   * Single-key reads, coalesced per turn of the event loop: one MGET per slot
   * group of at most READ_BATCH_KEYS through the gate (one deadline, one breaker ticket, one in-flight
   * slot per batch), sent without ioredis' auto-pipeline, since the batch is
   * the pipeline. A read alone goes as GET.
   */
  private createReadBatch(): ReadBatch {
    const { client, gate } = this;
    const keysPerRead = Math.min(this.options.batchSize, READ_BATCH_KEYS);
    const cluster = isCluster(client);
    return new ReadBatch(
      (redisKey, onPayload, onError) => gate.runTo('getBuffer', () => client.getBuffer(redisKey), false, onPayload, onError),
      (redisKeys, onPayloads, onError) => gate.runTo('mgetBuffer', () => client.mgetBuffer(...redisKeys), true, onPayloads, onError),
      (redisKeys) => {
        if (!cluster && redisKeys.length <= keysPerRead) return undefined;
        return slotGroups(client, redisKeys.map((_, i) => i), (i) => redisKeys[i], keysPerRead);
      },
    );
  }

  /** MGET answers nil for a key of another type, so unlike GET it needs no WRONGTYPE handling. */
  private fetchMany(keys: readonly string[]): Promise<Array<Buffer | null>> {
    return this.commands.mgetBuffer(...keys.map((key) => this.layout.entry(key)));
  }

  /**
   * Decodes one fetched payload; anything unreadable is counted, deleted and
   * read as a miss. Synchronous unless the entry is compressed or corrupt:
   * this runs on every Redis hit.
   */
  private read(key: string, payload: Buffer | null | Error): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    if (payload === null) return undefined;
    try {
      if (payload instanceof Error) throw payload;
      const entry = this.codec.decode(payload);
      // A thenable, not `instanceof Promise`: zlib's promise may come from another realm (a test VM).
      if (isPromise(entry)) return entry.then(liveOnly, (error: unknown) => this.corruptRead(key, error));
      return liveOnly(entry);
    } catch (error) {
      return this.corruptRead(key, error);
    }
  }

  private async corruptRead(key: string, error: unknown): Promise<undefined> {
    this.corrupt++;
    this.options.onCorrupt?.(key, error);
    await this.commands.unlink(this.layout.entry(key));
    return undefined;
  }

  private async unlink(redisKeys: readonly string[]): Promise<number> {
    const groups = slotGroups(this.commands, redisKeys, (k) => k, this.options.batchSize);
    const counts = await Promise.all(groups.map((group) => this.commands.unlink(...group)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheClosedError('RedisStore');
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Partial<Promise<T>>).then === 'function';
}

/** The entry unless its stale window has passed too (Redis may hold it a moment longer than its PX). */
function liveOnly(entry: CacheEntry): CacheEntry | undefined {
  return entry.staleUntil > Date.now() ? entry : undefined;
}
