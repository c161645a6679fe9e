import { CacheConfigError } from '@cachet/core';
import type { Serializer } from '@cachet/core';
import { validatePrefix } from '@cachet/tags';
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
  /** Options for the RedisTagIndex that `createTagIndex()` returns (client and prefix are the store's). */
  readonly tagIndex?: Omit<RedisTagIndexOptions, 'client' | 'prefix'>;
}

/** Defaults of {@link RedisStoreOptions}. */
export const DEFAULT_REDIS_STORE_OPTIONS = Object.freeze({
  prefix: 'cachet:',
  serializer: typedJsonSerializer,
  compressAbove: false as number | false,
  scanCount: 500,
  batchSize: 1_000,
});

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
  readonly tagIndex: Omit<RedisTagIndexOptions, 'client' | 'prefix'>;
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
  return { client, url, prefix, serializer, compressAbove, scanCount, batchSize, onCorrupt: options.onCorrupt, tagIndex: options.tagIndex ?? {} };
}

function positiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new CacheConfigError(`RedisStore ${name} must be a positive integer, got ${String(value)}.`);
  }
  return value;
}
