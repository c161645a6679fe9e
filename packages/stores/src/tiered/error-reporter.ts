import { CacheStoreError } from '@cachet/core';
import type { TieredErrorContext } from './tiered-store.options';

/** One line per operation at most this often from the default reporter. */
const DEFAULT_INTERVAL_MS = 10_000;

/** Reports a failure (of the bus, or of a connection a RedisStore created); never throws. */
export type BusErrorReporter = (error: unknown, operation: string) => void;

/**
 * Turns any failure into a `CacheStoreError` for `onError`. Without an
 * `onError`, prints one console.warn line per operation at most every 10 s,
 * with how many were held back: a Redis outage must be visible, but must not
 * flood the log with one line per message.
 */
export function createReporter(onError: ((error: CacheStoreError, context: TieredErrorContext) => void) | undefined, owner = 'TieredStore', store = 'tiered'): BusErrorReporter {
  const deliver = onError ?? rateLimitedWarn(DEFAULT_INTERVAL_MS, owner);
  return (error, operation) => {
    const wrapped = error instanceof CacheStoreError ? error : new CacheStoreError(store, operation, error instanceof Error ? error.message : String(error), { cause: error });
    try {
      deliver(wrapped, { operation });
    } catch (failure) {
      // The reporter runs inside Redis event handlers: a throwing onError must not crash the process.
      console.warn(`cachet ${owner}: onError threw (${String(failure)}) while reporting: ${wrapped.message}`);
    }
  };
}

function rateLimitedWarn(intervalMs: number, owner: string): (error: CacheStoreError, context: TieredErrorContext) => void {
  const last = new Map<string, { at: number; held: number }>();
  return (error, { operation }) => {
    const now = Date.now();
    const seen = last.get(operation);
    if (seen !== undefined && now - seen.at < intervalMs) {
      seen.held++;
      return;
    }
    const held = seen?.held ?? 0;
    last.set(operation, { at: now, held: 0 });
    console.warn(`cachet ${owner}: ${error.message}${held > 0 ? ` (+${held} more like it held back)` : ''}`);
  };
}
