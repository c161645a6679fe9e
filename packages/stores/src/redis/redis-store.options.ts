import { CacheConfigError, resolveBreakerOptions } from '@cachet/core';
import type { CacheStoreError, CircuitBreakerOptions, Duration, ResolvedCircuitBreakerOptions, Serializer } from '@cachet/core';
import { resolveDeadlines, validatePrefix } from '@cachet/tags';
import type { RedisClient, RedisTagIndexOptions } from '@cachet/tags';
import { typedJsonSerializer } from '../serializers/typed-json.serializer';

/** Options of {@link RedisStore}. Give exactly one of `client` and `url`. */
export interface RedisStoreOptions {
  /** An ioredis `Redis` or `Cluster` you created. The store never closes it. */
  readonly client?: RedisClient;
  /** `redis://` or `rediss://` URL; the store creates the connection and closes it in `close()`. */
  readonly url?: string;
  /** Prepended to every key; `clear()` removes only keys under it. @default 'cachet:' */
  readonly prefix?: string;
  /** Encodes values. @default typedJsonSerializer */
  readonly serializer?: Serializer;
  /** Compress (zlib deflate) serialized values larger than this many bytes; `false` turns compression off. @default false */
  readonly compressAbove?: number | false;
  /** COUNT hint for SCAN in `scan()` and `clear()`. @default 500 */
  readonly scanCount?: number;
  /** Keys per MGET / UNLINK / pipeline batch. @default 1000 */
  readonly batchSize?: number;
  /** Called with the key and the decoding error when a stored value cannot be read (it is then deleted and read as a miss). */
  readonly onCorrupt?: (key: string, error: unknown) => void;
  /** Options for the RedisTagIndex that `createTagIndex()` returns (client, prefix, deadline and breaker are the store's). */
  readonly tagIndex?: TagIndexExtras;
  /**
   * Deadline of every command the store and its tag index send, whatever the
   * client's own settings (offline queue, retries): a command without an
   * answer by then rejects with a `CacheStoreError`, and a write that reaches
   * Redis later is refused there (it carries this deadline as `notAfter`).
   * Generous on purpose: it includes the wait behind earlier commands of a
   * burst. The latency of cached calls is bounded by the provider's
   * `storeTimeout` (100 ms); this bounds direct and management calls.
   * @default '1s'
   */
  readonly commandTimeout?: Duration;
  /**
   * A command that has waited this long on a connection that answered
   * nothing meanwhile counts as a breaker failure, so a frozen Redis opens
   * the breaker within about this time (a busy one, still answering, does not).
   * At most `commandTimeout`.
   * @default 100
   */
  readonly stallTimeout?: Duration;
  /**
   * Circuit breaker in front of the connection, shared by the store and its tag
   * index: after `failureThreshold` consecutive failures (no answer, no
   * connection) every command is refused at once for `cooldown`, then one
   * probe decides; a reconnect probes at once. `false` disables it.
   * @default { failureThreshold: 5, cooldown: '1s' }
   */
  readonly breaker?: CircuitBreakerOptions | false;
  /**
   * Told about trouble that has no caller to reject: 'error' events of the
   * connection the store created from `url` (operation `'connection'`) and
   * the breaker opening (`'breaker.open'`). Errors of a client you passed are
   * yours to listen to.
   * @default console.warn, at most one line per operation every 10 s
   */
  readonly onError?: (error: CacheStoreError, context: { readonly operation: string }) => void;
}

/** Tag-index options a store passes on; the deadlines and breaker are the store's own. */
export type TagIndexExtras = Omit<RedisTagIndexOptions, 'client' | 'prefix' | 'commandTimeout' | 'stallTimeout' | 'breaker'>;

/** Defaults of {@link RedisStoreOptions}. */
export const DEFAULT_REDIS_STORE_OPTIONS = Object.freeze({
  prefix: 'cachet:',
  serializer: typedJsonSerializer,
  compressAbove: false as number | false,
  scanCount: 500,
  batchSize: 1_000,
  commandTimeout: 1_000 as Duration,
  stallTimeout: 100 as Duration,
});

/** `close()` returns within this many ms, even while Redis does not answer. */
export const CLOSE_DEADLINE_MS = 1_000;

/** Options after validation. */
export interface ResolvedRedisStoreOptions {
  readonly client?: RedisClient;
  readonly url?: string;
  readonly prefix: string;
  readonly serializer: Serializer;
  readonly compressAbove: number | false;
  readonly scanCount: number;
  readonly batchSize: number;
  readonly onCorrupt?: (key: string, error: unknown) => void;
  readonly tagIndex: TagIndexExtras;
  readonly commandTimeoutMs: number;
  readonly stallTimeoutMs: number;
  readonly breaker: ResolvedCircuitBreakerOptions | false;
  readonly onError?: (error: CacheStoreError, context: { readonly operation: string }) => void;
}

/** Validates options; throws `CacheConfigError` that says what to change. */
export function resolveRedisStoreOptions(options: RedisStoreOptions): ResolvedRedisStoreOptions {
  if (options === null || typeof options !== 'object') {
    throw new CacheConfigError("RedisStore needs options: new RedisStore({ client: new Redis() }) or new RedisStore({ url: 'redis://127.0.0.1:6379' }).");
  }
  const { client, url } = options;
  if ((client === undefined) === (url === undefined)) {
    throw new CacheConfigError('RedisStore needs exactly one of { client } (an ioredis Redis or Cluster) and { url } (redis://host:port).');
  }
  if (client !== undefined && (typeof client !== 'object' || client === null || typeof client.getBuffer !== 'function')) {
    throw new CacheConfigError('RedisStore client must be an ioredis Redis or Cluster instance.');
  }
  if (url !== undefined && !/^rediss?:\/\//.test(String(url))) {
    throw new CacheConfigError(`RedisStore url must start with redis:// or rediss://, got ${JSON.stringify(url)}.`);
  }
  const prefix = options.prefix ?? DEFAULT_REDIS_STORE_OPTIONS.prefix;
  validatePrefix(prefix, 'RedisStore');
  const serializer = options.serializer ?? DEFAULT_REDIS_STORE_OPTIONS.serializer;
  if (typeof serializer?.serialize !== 'function' || typeof serializer.deserialize !== 'function') {
    throw new CacheConfigError('RedisStore serializer must implement serialize() and deserialize() (see the Serializer contract).');
  }
  const compressAbove = options.compressAbove ?? DEFAULT_REDIS_STORE_OPTIONS.compressAbove;
  if (compressAbove !== false && !(Number.isInteger(compressAbove) && compressAbove >= 0)) {
    throw new CacheConfigError(`RedisStore compressAbove must be a byte count ≥ 0 or false, got ${String(compressAbove)}.`);
  }
  const scanCount = positiveInt(options.scanCount ?? DEFAULT_REDIS_STORE_OPTIONS.scanCount, 'scanCount');
  const batchSize = positiveInt(options.batchSize ?? DEFAULT_REDIS_STORE_OPTIONS.batchSize, 'batchSize');
  if (options.onCorrupt !== undefined && typeof options.onCorrupt !== 'function') {
    throw new CacheConfigError('RedisStore onCorrupt must be a function (key, error) => void.');
  }
  const d = DEFAULT_REDIS_STORE_OPTIONS;
  const { commandTimeoutMs, stallTimeoutMs } = resolveDeadlines(options.commandTimeout ?? d.commandTimeout, options.stallTimeout ?? d.stallTimeout, 'RedisStore');
  const breaker = options.breaker === false ? false : resolveBreakerOptions(options.breaker, 'RedisStore breaker');
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new CacheConfigError('RedisStore onError must be a function (error, { operation }) => void.');
  }
  const tagIndex = options.tagIndex ?? {};
  for (const name of ['commandTimeout', 'stallTimeout', 'breaker'] as const) {
    if (name in tagIndex) throw new CacheConfigError(`RedisStore tagIndex.${name} is not an option: the tag index shares the store's ${name}; set it on the store.`);
  }
  return { client, url, prefix, serializer, compressAbove, scanCount, batchSize, onCorrupt: options.onCorrupt, tagIndex, commandTimeoutMs, stallTimeoutMs, breaker, onError: options.onError };
}

function positiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new CacheConfigError(`RedisStore ${name} must be a positive integer, got ${String(value)}.`);
  }
  return value;
}
