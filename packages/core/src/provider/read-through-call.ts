import type { MethodCounters } from './cache-stats';
import type { ResilienceSettings } from './resilience-options';
import { noteOutcome } from './outcome-probe';

/** What one cached call hands the engine. Built by the decorators and by `getOrSet`. */
export interface ReadThroughCall<T> extends ResilienceSettings {
  /** `'Class.method'`, or `'getOrSet'` for direct calls. */
  readonly method: string;
  readonly counters: MethodCounters;
  /** Milliseconds the value stays fresh. */
  readonly ttl: number;
  /** Milliseconds an expired value may still be served when the loader fails. */
  readonly grace: number;
  /** Milliseconds after expiry during which the stale value is served while one refresh runs. */
  readonly staleWhileRevalidate: number;
  /** Produces the value on a miss. */
  load(): T | Promise<T>;
  /** Full tags of the entry for a loaded value. */
  tags(value: T): readonly string[];
  /** True: return the value but do not store it. */
  unless?(value: T): boolean;
  /** Turns a value read from the store back into what the caller expects (class revival). */
  revive?(value: unknown): unknown;
}

/** What the hit path needs of a caller: its name and counters, and how to revive values. */
export interface HitCaller {
  readonly method: string;
  readonly counters: MethodCounters;
  readonly revive?: ((value: unknown) => unknown) | undefined;
}

export function countHit(caller: HitCaller): void {
  caller.counters.hits++;
  noteOutcome('hit');
}

/** `value` as the caller expects it (class revival). */
export function revived(caller: HitCaller, value: unknown): unknown {
  return caller.revive ? caller.revive(value) : value;
}
