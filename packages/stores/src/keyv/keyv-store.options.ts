import { CacheConfigError } from '@cachet/core';
import type { Serializer, TagIndex } from '@cachet/core';
import type { Keyv } from 'keyv';
import { typedJsonSerializer } from '../serializers/typed-json.serializer';

/** Options of {@link KeyvStore}. */
export interface KeyvStoreOptions {
  /** Any Keyv 5 instance (its adapter and namespace decide where entries go). The store never disconnects it. */
  readonly keyv: Keyv;
  /** Encodes whole entries to a string before Keyv sees them. @default typedJsonSerializer */
  readonly serializer?: Serializer;
  /**
   * The index `createTagIndex()` returns. @default a new MemoryTagIndex — which
   * knows only this process's writes: with several processes sharing one Keyv
   * backend, pass a shared index (e.g. a RedisTagIndex).
   */
  readonly tagIndex?: TagIndex;
  /** Keys per `scan()` batch. @default 500 */
  readonly scanBatch?: number;
  /** Called with the key and the error when a stored value cannot be read (it is deleted and read as a miss). */
  readonly onCorrupt?: (key: string, error: unknown) => void;
}

/** Defaults of {@link KeyvStoreOptions}. */
export const DEFAULT_KEYV_STORE_OPTIONS = Object.freeze({
  serializer: typedJsonSerializer,
  scanBatch: 500,
});

/** Options after validation. */
export interface ResolvedKeyvStoreOptions {
  readonly keyv: Keyv;
  readonly serializer: Serializer;
  readonly tagIndex?: TagIndex;
  readonly scanBatch: number;
  readonly onCorrupt?: (key: string, error: unknown) => void;
}

/** Validates options; throws `CacheConfigError` that says what to change. */
export function resolveKeyvStoreOptions(options: KeyvStoreOptions): ResolvedKeyvStoreOptions {
  const keyv = options?.keyv as Partial<Keyv> | undefined;
  if (!keyv || typeof keyv.get !== 'function' || typeof keyv.set !== 'function' || typeof keyv.delete !== 'function') {
    throw new CacheConfigError("KeyvStore needs { keyv }: a Keyv instance, e.g. new KeyvStore({ keyv: createKeyv('redis://127.0.0.1:6379', { namespace: 'app' }) }).");
  }
  const serializer = options.serializer ?? DEFAULT_KEYV_STORE_OPTIONS.serializer;
  if (typeof serializer?.serialize !== 'function' || typeof serializer.deserialize !== 'function') {
    throw new CacheConfigError('KeyvStore serializer must implement serialize() and deserialize().');
  }
  const scanBatch = options.scanBatch ?? DEFAULT_KEYV_STORE_OPTIONS.scanBatch;
  if (!Number.isInteger(scanBatch) || scanBatch < 1) throw new CacheConfigError(`KeyvStore scanBatch must be a positive integer, got ${String(scanBatch)}.`);
  return { keyv: options.keyv, serializer, tagIndex: options.tagIndex, scanBatch, onCorrupt: options.onCorrupt };
}
