import type { CacheEntry } from '../contracts/cache-entry';
import { CacheTimeoutError } from '../errors';
import { TIMED_OUT, type Flight } from './flight';
import type { ResilienceSettings } from './resilience-options';

/** Why a stale value is served while waiting for a load. */
export type StaleReason = 'grace' | 'timeout';

/** What waiting for a load needs from the caller's call. */
export interface WaitingCall extends Pick<ResilienceSettings, 'timeout' | 'hardTimeout'> {
  readonly method: string;
  readonly grace: number;
}

/**
 * How one caller waits for a load in flight:
 * - with a stale value and `grace`, a failure of the load answers with it;
 * - with a stale value, the soft `timeout` (or `hardTimeout`, whichever is
 *   first) answers with it, and the load goes on in the background;
 * - without one, `hardTimeout` rejects with a CacheTimeoutError (the load
 *   still goes on and stores its result); without `hardTimeout` it waits.
 * Deadlines count from the start of the load and are shared per flight.
 */
export function waitForFlight<T>(flight: Flight<T>, call: WaitingCall, stale: CacheEntry | undefined, serveStale: (entry: CacheEntry, reason: StaleReason) => T): Promise<T> {
  let answer = flight.result;
  if (stale !== undefined && call.grace > 0) {
    answer = answer.catch((error: unknown) => {
      if (stale.staleUntil > Date.now()) return serveStale(stale, 'grace');
      throw error;
    });
  }
  const limit = stale !== undefined ? earliest(call.timeout, call.hardTimeout) : call.hardTimeout;
  if (limit === 0 || flight.settled) return answer;
  return Promise.race([answer, flight.deadline(limit)]).then((value) => {
    if (value !== TIMED_OUT) return value;
    // This caller stops waiting: if the load later fails, nobody would hear of it unless the engine reports it.
    flight.abandoned = true;
    if (stale !== undefined) return serveStale(stale, 'timeout');
    throw new CacheTimeoutError(
      `${call.method}: no value within hardTimeout (${call.hardTimeout} ms) and no stale value to serve; ` +
        'the method goes on in the background and stores its result. Raise hardTimeout, or add grace so a stale value can answer.',
    );
  });
}

/** The smaller of two limits where 0 means "none". */
function earliest(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}
