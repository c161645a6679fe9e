import { CacheConfigError, parseDuration, resolveBreakerOptions } from '@cachet/core';
import type { CircuitBreakerOptions, Duration, ResolvedCircuitBreakerOptions } from '@cachet/core';
import type { RedisClient } from '../lua/script';

/** Options of {@link RedisTagIndex}. */
export interface RedisTagIndexOptions {
  /** An ioredis `Redis` or `Cluster`. Never closed by the index. */
  readonly client: RedisClient;
  /** Prefix of every key; must equal the RedisStore's prefix. @default 'cachet:' */
  readonly prefix?: string;
  /**
   * How long invalidation marks live. A load that takes longer than this
   * cannot be written back (its token is refused), because the marks that
   * would prove it safe may have expired. @default '60s'
   */
  readonly guardWindow?: Duration;
  /** Members handled per Lua call during invalidation; keeps each call well under 10 ms. @default 200 */
  readonly chunkSize?: number;
  /** COUNT hint for SCAN (listTags, clear). @default 500 */
  readonly scanCount?: number;
  /**
   * Deadline of each Redis command the index sends, whatever the client's own
   * settings; also the `notAfter` of its writes. Ignored when the index comes
   * from `RedisStore.createTagIndex()`, which shares the store's gate. @default '1s'
   */
  readonly commandTimeout?: Duration;
  /**
   * A command that waited this long while the connection answered nothing
   * counts as a breaker failure. Ignored like `commandTimeout`. @default 100
   */
  readonly stallTimeout?: Duration;
  /**
   * Circuit breaker in front of the index's commands; `false` disables it.
   * Ignored, like `commandTimeout`, for an index from `RedisStore.createTagIndex()`.
   * @default { failureThreshold: 5, cooldown: '1s' }
   */
  readonly breaker?: CircuitBreakerOptions | false;
}

/** Defaults of {@link RedisTagIndexOptions}. */
export const DEFAULT_REDIS_TAG_INDEX_OPTIONS = Object.freeze({
  prefix: 'cachet:',
  guardWindow: 60_000,
  chunkSize: 200,
  scanCount: 500,
  commandTimeout: 1_000 as Duration,
  stallTimeout: 100 as Duration,
});

/** Options after validation. */
export interface ResolvedRedisTagIndexOptions {
  readonly client: RedisClient;
  readonly prefix: string;
  readonly guardWindowMs: number;
  readonly chunkSize: number;
  readonly scanCount: number;
  readonly commandTimeoutMs: number;
  readonly stallTimeoutMs: number;
  readonly breaker: ResolvedCircuitBreakerOptions | false;
}

/** Validates options; throws `CacheConfigError` that says what to change. */
export function resolveRedisTagIndexOptions(options: RedisTagIndexOptions): ResolvedRedisTagIndexOptions {
  const merged = { ...DEFAULT_REDIS_TAG_INDEX_OPTIONS, ...definedOnly(options) };
  if (!options || typeof options.client !== 'object' || options.client === null || typeof options.client.evalsha !== 'function') {
    throw new CacheConfigError('RedisTagIndex needs { client }: an ioredis Redis or Cluster instance (new Redis(url) or new Cluster(nodes)).');
  }
  validatePrefix(merged.prefix, 'RedisTagIndex');
  const guardWindowMs = parseDuration(merged.guardWindow, 'RedisTagIndex guardWindow');
  if (guardWindowMs < 1_000) throw new CacheConfigError(`RedisTagIndex guardWindow must be at least 1s (it bounds how long a load may take), got ${guardWindowMs} ms.`);
  positiveInt(merged.chunkSize, 'chunkSize');
  positiveInt(merged.scanCount, 'scanCount');
  const { commandTimeoutMs, stallTimeoutMs } = resolveDeadlines(merged.commandTimeout, merged.stallTimeout, 'RedisTagIndex');
  const breaker = merged.breaker === false ? false : resolveBreakerOptions(merged.breaker, 'RedisTagIndex breaker');
  return { client: options.client, prefix: merged.prefix, guardWindowMs, chunkSize: merged.chunkSize, scanCount: merged.scanCount, commandTimeoutMs, stallTimeoutMs, breaker };
}

/**
 * A Redis key prefix must be a non-empty string: `clear()` removes everything
 * under it, so an empty prefix would mean the whole database.
 */
export function validatePrefix(prefix: unknown, owner: string): asserts prefix is string {
  if (typeof prefix !== 'string' || prefix.length === 0) {
    throw new CacheConfigError(`${owner} prefix must be a non-empty string such as 'cachet:' (clear() removes every key under it), got ${JSON.stringify(prefix)}.`);
  }
}

/**
 * The two deadlines of a command gate: `commandTimeout` between 1 ms and 60 s
 * (longer is no deadline at all for a cache), `stallTimeout` at least 1 ms and
 * at most `commandTimeout`.
 * @throws CacheConfigError naming the owner and the option
 */
export function resolveDeadlines(commandTimeout: unknown, stallTimeout: unknown, owner: string): { commandTimeoutMs: number; stallTimeoutMs: number } {
  const commandTimeoutMs = parseDuration(commandTimeout, `${owner} commandTimeout`);
  if (commandTimeoutMs < 1 || commandTimeoutMs > 60_000) throw new CacheConfigError(`${owner} commandTimeout must be between 1 ms and 60s (default '1s'), got ${commandTimeoutMs} ms.`);
  const stallTimeoutMs = parseDuration(stallTimeout, `${owner} stallTimeout`);
  if (stallTimeoutMs < 1 || stallTimeoutMs > commandTimeoutMs) {
    throw new CacheConfigError(`${owner} stallTimeout must be between 1 ms and commandTimeout (${commandTimeoutMs} ms; default 100 ms), got ${stallTimeoutMs} ms.`);
  }
  return { commandTimeoutMs, stallTimeoutMs };
}

function positiveInt(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new CacheConfigError(`RedisTagIndex ${name} must be a positive integer, got ${String(value)}.`);
  }
}

/** Drops `undefined` values so they do not hide defaults. */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
