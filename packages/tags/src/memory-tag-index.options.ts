import { CacheConfigError, parseDuration } from '@cachet/core';
import type { Duration } from '@cachet/core';

/** Options of {@link MemoryTagIndex}. */
export interface MemoryTagIndexOptions {
  /**
   * How long the write guard remembers an invalidation (a deleted key, an
   * invalidated tag, a revoked pattern). A load that takes longer than this and
   * overlaps an invalidation has its write refused even when the invalidation
   * did not concern it: the guard can no longer prove the write safe, so it
   * errs on the side of a cache miss, never of stale data.
   * Milliseconds or a duration string.
   * @default '10m'
   */
  readonly guardWindow?: Duration;
  /**
   * Most invalidation marks kept at once (keys, tags and patterns together).
   * Past it the oldest are dropped early, with the same conservative effect as
   * an expired `guardWindow`. Bounds memory under invalidation storms.
   * @default 100_000
   */
  readonly maxMarks?: number;
}

/** Options after defaults and validation. */
export interface ResolvedMemoryTagIndexOptions {
  /** Milliseconds. */
  readonly guardWindow: number;
  readonly maxMarks: number;
}

/** Defaults of {@link MemoryTagIndexOptions}. */
export const DEFAULT_OPTIONS: Readonly<ResolvedMemoryTagIndexOptions> = Object.freeze({
  guardWindow: 10 * 60_000,
  maxMarks: 100_000,
});

const KNOWN = new Set<string>(['guardWindow', 'maxMarks']);

/**
 * Applies defaults and validates.
 * @throws CacheConfigError naming the option and what to change
 */
export function resolveOptions(options: MemoryTagIndexOptions | undefined): ResolvedMemoryTagIndexOptions {
  if (options === undefined) return DEFAULT_OPTIONS;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CacheConfigError(`MemoryTagIndex options must be an object such as { guardWindow: '10m' }, got ${String(options)}.`);
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new CacheConfigError(`MemoryTagIndex: unknown option '${name}'; valid options are ${[...KNOWN].join(', ')}.`);
  }
  const guardWindow = options.guardWindow === undefined ? DEFAULT_OPTIONS.guardWindow : parseDuration(options.guardWindow, 'MemoryTagIndex guardWindow');
  if (guardWindow <= 0) {
    throw new CacheConfigError(`MemoryTagIndex guardWindow must be greater than 0 (it should exceed your slowest load; the default is '10m'), got ${String(options.guardWindow)}.`);
  }
  const maxMarks = options.maxMarks ?? DEFAULT_OPTIONS.maxMarks;
  if (!Number.isSafeInteger(maxMarks) || maxMarks < 1) {
    throw new CacheConfigError(`MemoryTagIndex maxMarks must be a positive integer (the default is 100_000), got ${String(options.maxMarks)}.`);
  }
  return { guardWindow, maxMarks };
}
