import { CacheConfigError } from '@cachet/core';
import type { CacheEntry } from '@cachet/core';
import { estimateEntrySize } from './estimate-size';

/** Measures an entry for `maxSize`, in whatever unit `maxSize` uses. Must return a positive number. */
export type EntrySizer = (entry: CacheEntry, key: string) => number;

/** Options of `MemoryStore`. The store is always bounded: by entries, by size, or both. */
export interface MemoryStoreOptions {
  /**
   * Most entries kept; past it the least recently used go first. `0` or
   * `Infinity` means no count limit, which is allowed only with `maxSize`.
   * lru-cache allocates its index arrays for this many slots up front
   * (about 28 bytes a slot: 280 KB for the default).
   * @default 10_000
   */
  readonly maxEntries?: number;
  /**
   * Most total size kept, in the unit of `sizeOf` (bytes with the default
   * estimator); past it the least recently used go first. An entry larger than
   * `maxSize` on its own is not stored (a later `get` misses).
   * @default undefined (no size limit)
   */
  readonly maxSize?: number;
  /**
   * Measures an entry for `maxSize`. Without it, a pessimistic byte estimate
   * that walks the value on each write (see `estimateEntrySize`).
   * Only meaningful with `maxSize`.
   * @default estimateEntrySize, when maxSize is set
   */
  readonly sizeOf?: EntrySizer;
  /**
   * Store a deep copy on write and hand out a deep copy on read, so a caller
   * mutating a returned (or passed-in) object cannot change the cached value.
   * Cost, measured on Node 20 (x64) for a six-field user object: a `getSync`
   * hit ≈ 1.1–1.4 µs instead of ≈ 0.2–0.3 µs, a `set` ≈ 2.5 µs instead of ≈ 1 µs;
   * larger values cost in proportion to their size. Copies keep Date, Map,
   * Set, BigInt, Buffer, typed arrays and class prototypes; functions cannot be
   * cached (`CacheSerializationError`). With `false`, every reader shares the
   * very object that was cached: treat it as read-only.
   * @default false
   */
  readonly clone?: boolean;
}

/** Options after defaults and validation. */
export interface ResolvedMemoryStoreOptions {
  /** `0` = no count limit (then `maxSize` is set). */
  readonly maxEntries: number;
  /** `0` = no size limit. */
  readonly maxSize: number;
  /** Set exactly when `maxSize` is. */
  readonly sizeOf: EntrySizer | undefined;
  readonly clone: boolean;
}

/** Defaults of {@link MemoryStoreOptions}. */
export const DEFAULT_OPTIONS: Readonly<{ maxEntries: number; clone: boolean }> = Object.freeze({
  maxEntries: 10_000,
  clone: false,
});

const MAX_ENTRIES = 2 ** 32 - 1;

const KNOWN = new Set<string>(['maxEntries', 'maxSize', 'sizeOf', 'clone']);

/**
 * Applies defaults and validates. Refuses an unbounded store, as lru-cache
 * does: an in-process cache without a bound is a memory leak.
 * @throws CacheConfigError naming the option and what to change
 */
export function resolveOptions(options: MemoryStoreOptions | undefined): ResolvedMemoryStoreOptions {
  const given = options ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new CacheConfigError(`MemoryStore options must be an object such as { maxEntries: 10_000 }, got ${String(given)}.`);
  }
  for (const name of Object.keys(given)) {
    if (!KNOWN.has(name)) throw new CacheConfigError(`MemoryStore: unknown option '${name}'; valid options are ${[...KNOWN].join(', ')}.`);
  }
  const maxSize = resolveMaxSize(given.maxSize);
  const maxEntries = resolveMaxEntries(given.maxEntries, maxSize);
  if (given.sizeOf !== undefined && typeof given.sizeOf !== 'function') {
    throw new CacheConfigError(`MemoryStore sizeOf must be a function (entry, key) => number, got ${typeof given.sizeOf}.`);
  }
  if (given.sizeOf !== undefined && maxSize === 0) {
    throw new CacheConfigError('MemoryStore sizeOf has no effect without maxSize: set maxSize (in the unit sizeOf returns), or remove sizeOf.');
  }
  if (given.clone !== undefined && typeof given.clone !== 'boolean') {
    throw new CacheConfigError(`MemoryStore clone must be true or false, got ${String(given.clone)}.`);
  }
  return {
    maxEntries,
    maxSize,
    sizeOf: maxSize === 0 ? undefined : (given.sizeOf ?? estimateEntrySize),
    clone: given.clone ?? DEFAULT_OPTIONS.clone,
  };
}

function resolveMaxSize(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new CacheConfigError(`MemoryStore maxSize must be a positive integer (bytes with the default sizeOf), got ${String(value)}. Omit it for no size limit.`);
  }
  return value;
}

function resolveMaxEntries(value: unknown, maxSize: number): number {
  if (value === undefined) return DEFAULT_OPTIONS.maxEntries;
  if (value === 0 || value === Infinity) {
    if (maxSize === 0) {
      throw new CacheConfigError(
        `MemoryStore maxEntries: ${String(value)} with no maxSize would grow without bound. Set a positive maxEntries (default 10_000), or a maxSize.`,
      );
    }
    return 0;
  }
  // lru-cache preallocates JS arrays of this length, and an array cannot be longer than 2^32 - 1.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_ENTRIES) {
    throw new CacheConfigError(
      `MemoryStore maxEntries must be a positive integer up to ${MAX_ENTRIES} (default 10_000), or 0 / Infinity together with maxSize; got ${String(value)}.`,
    );
  }
  return value;
}
