import type { Duration } from '../durations';
import { parseDuration, parsePositiveDuration } from '../durations';
import { CacheConfigError } from '../errors';

/** Settings of the cross-process lease taken with `lock`. */
export interface LockOptions {
  /**
   * How long a lease lasts. The holder should finish its load within it: past
   * it, another instance may take the lease and load too. A holder that dies
   * blocks the others for at most this long.
   * @default '10s'
   */
  lease?: Duration;
  /**
   * How long an instance waits for one holder before loading by itself (it
   * waits again, up to this long, for each new holder, at most three times).
   * @default the lease
   */
  wait?: Duration;
}

/** Options that keep callers answered while the source is slow or failing; on `@Cached`, `getOrSet` and the provider. */
export interface ResilienceOptions {
  /**
   * With `grace` (or `staleWhileRevalidate`): after a load of a key with a
   * stale value fails, callers get the stale value without calling the method
   * for this long; then one call tries again.
   * @default '1s'
   */
  graceBackoff?: Duration;
  /**
   * Soft timeout: a load slower than this answers the callers that have a
   * stale value (see `grace`) with it, and goes on in the background to update
   * the cache. Callers without a stale value keep waiting (see `hardTimeout`).
   * @default none
   */
  timeout?: Duration;
  /**
   * Past this, a caller without a stale value fails with a `CacheTimeoutError`
   * (one with a stale value gets it); the load goes on in the background and
   * stores its result. Measured from the start of the load the caller waits for.
   * Must be longer than `timeout`.
   * @default none: callers wait for the method
   */
  hardTimeout?: Duration;
  /**
   * Probabilistic early refresh (XFetch, Vattani et al., VLDB 2015): a hit
   * starts one background refresh with a probability that grows as expiry
   * nears, in proportion to how long the method takes to load. `true` is a
   * beta of 1; a number is the beta (> 1 refreshes earlier, < 1 later).
   * @default false
   */
  earlyRefresh?: boolean | number;
  /**
   * Cross-process single-flight: one instance loads a missing key while the
   * others wait for its result, through the store's `createLock()` (Redis,
   * tiered) or the provider's `distributedLock`. Stores without a lock (memory)
   * need none. `true` uses the provider's lock settings.
   * @default false
   */
  lock?: boolean | LockOptions;
}

/** The lease and wait of `lock`, in milliseconds. */
export interface LockSettings {
  readonly lease: number;
  readonly wait: number;
}

/** {@link ResilienceOptions} resolved to milliseconds; 0 means "off". */
export interface ResilienceSettings {
  readonly graceBackoff: number;
  readonly timeout: number;
  readonly hardTimeout: number;
  /** The XFetch beta; 0 = no early refresh. */
  readonly earlyRefresh: number;
  readonly lock: LockSettings | undefined;
}

/** Documented defaults of {@link ResilienceOptions} and {@link LockOptions}. */
export const DEFAULT_RESILIENCE_OPTIONS = Object.freeze({ graceBackoff: '1s', earlyRefresh: false, lock: false, lease: '10s' } as const);

/** Provider defaults when none are configured. */
export const NO_RESILIENCE: ResilienceSettings = Object.freeze({ graceBackoff: 1_000, timeout: 0, hardTimeout: 0, earlyRefresh: 0, lock: undefined });

const DEFAULT_LEASE_MS = 10_000;

/**
 * Layers resilience options over `fallback` (the provider's settings, or
 * {@link NO_RESILIENCE}): what `options` names wins. Every problem is a
 * CacheConfigError naming `where` and the option.
 */
export function resolveResilience(options: ResilienceOptions, fallback: ResilienceSettings, where: string): ResilienceSettings {
  const settings: ResilienceSettings = {
    graceBackoff: options.graceBackoff === undefined ? fallback.graceBackoff : parsePositiveDuration(options.graceBackoff, `${where}: graceBackoff`),
    timeout: options.timeout === undefined ? fallback.timeout : parsePositiveDuration(options.timeout, `${where}: timeout`),
    hardTimeout: options.hardTimeout === undefined ? fallback.hardTimeout : parsePositiveDuration(options.hardTimeout, `${where}: hardTimeout`),
    earlyRefresh: options.earlyRefresh === undefined ? fallback.earlyRefresh : resolveBeta(options.earlyRefresh, where),
    lock: options.lock === undefined ? fallback.lock : resolveLock(options.lock, fallback.lock, where),
  };
  if (settings.timeout > 0 && settings.hardTimeout > 0 && settings.hardTimeout <= settings.timeout) {
    throw new CacheConfigError(
      `${where}: hardTimeout (${settings.hardTimeout} ms) must be longer than timeout (${settings.timeout} ms); ` +
        'the soft timeout serves stale values first, the hard one gives up on callers without one.',
    );
  }
  return settings;
}

function resolveBeta(value: unknown, where: string): number {
  if (value === true) return 1;
  if (value === false) return 0;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  throw new CacheConfigError(`${where}: earlyRefresh must be true, false or a beta > 0 (e.g. 1), got ${String(value)}.`);
}

function resolveLock(value: unknown, fallback: LockSettings | undefined, where: string): LockSettings | undefined {
  if (value === false) return undefined;
  if (value === true) return fallback ?? { lease: DEFAULT_LEASE_MS, wait: DEFAULT_LEASE_MS };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CacheConfigError(`${where}: lock must be true, false or { lease?, wait? }, got ${String(value)}.`);
  }
  const options = value as Record<string, unknown>;
  for (const name of Object.keys(options)) {
    if (name !== 'lease' && name !== 'wait') throw new CacheConfigError(`${where}: unknown lock option '${name}'. Known: lease, wait.`);
  }
  const lease = options.lease === undefined ? (fallback?.lease ?? DEFAULT_LEASE_MS) : parsePositiveDuration(options.lease, `${where}: lock.lease`);
  const wait = options.wait === undefined ? lease : parseDuration(options.wait, `${where}: lock.wait`);
  return { lease, wait };
}
