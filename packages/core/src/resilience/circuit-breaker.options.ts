import type { Duration } from '../durations';
import { parseDuration } from '../durations';
import { CacheConfigError } from '../errors';

/** Where a {@link CircuitBreaker} stands. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Options of {@link CircuitBreaker}. Stores take them as `breaker: { … }` (or `breaker: false`). */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (an integer ≥ 1). @default 5 */
  readonly failureThreshold?: number;
  /**
   * How long an open breaker refuses every operation before it lets one probe
   * through. A failed probe opens it again for another cool-down.
   * @default '1s'
   */
  readonly cooldown?: Duration;
  /** Told about every change of state, e.g. to log or export a gauge. Must not throw. */
  readonly onStateChange?: (state: BreakerState, previous: BreakerState) => void;
}

/** Defaults of {@link CircuitBreakerOptions}. */
export const DEFAULT_CIRCUIT_BREAKER_OPTIONS = Object.freeze({
  failureThreshold: 5,
  cooldown: 1_000 as Duration,
});

/** Options after validation. */
export interface ResolvedCircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly onStateChange?: (state: BreakerState, previous: BreakerState) => void;
}

const KNOWN = new Set(['failureThreshold', 'cooldown', 'onStateChange']);

/**
 * Applies defaults and validates.
 * @param owner names the store in error messages, e.g. `'RedisStore breaker'`
 * @throws CacheConfigError naming the option and what to change
 */
export function resolveBreakerOptions(options: CircuitBreakerOptions | undefined, owner = 'CircuitBreaker'): ResolvedCircuitBreakerOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') {
    throw new CacheConfigError(`${owner} must be an object such as { failureThreshold: 5, cooldown: '1s' }, or false to disable it.`);
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new CacheConfigError(`${owner}: unknown option '${name}'; valid options are ${[...KNOWN].join(', ')}.`);
  }
  const failureThreshold = options.failureThreshold ?? DEFAULT_CIRCUIT_BREAKER_OPTIONS.failureThreshold;
  if (!Number.isSafeInteger(failureThreshold) || failureThreshold < 1) {
    throw new CacheConfigError(`${owner} failureThreshold must be an integer ≥ 1 (default 5), got ${String(failureThreshold)}.`);
  }
  const cooldownMs = parseDuration(options.cooldown ?? DEFAULT_CIRCUIT_BREAKER_OPTIONS.cooldown, `${owner} cooldown`);
  if (cooldownMs < 1) throw new CacheConfigError(`${owner} cooldown must be at least 1 ms (default '1s'), got ${cooldownMs} ms.`);
  if (options.onStateChange !== undefined && typeof options.onStateChange !== 'function') {
    throw new CacheConfigError(`${owner} onStateChange must be a function (state, previous) => void.`);
  }
  return { failureThreshold, cooldownMs, onStateChange: options.onStateChange };
}
