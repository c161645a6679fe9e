import { CacheStoreError } from '../errors';

/**
 * An operation refused by an open circuit breaker: it never reached the
 * backend. A `CacheStoreError`, so the provider fails open on it like on any
 * other store failure.
 */
export class CircuitOpenError extends CacheStoreError {
  /** Milliseconds until the breaker lets its next probe through (0: a probe is already out). */
  readonly retryInMs: number;

  constructor(store: string, operation: string, failures: number, retryInMs: number) {
    const when = retryInMs > 0 ? `next probe in ${retryInMs} ms` : 'a probe is in flight';
    super(store, operation, `circuit breaker of '${store}' is open after ${failures} consecutive failures; skipped without contacting the backend (${when})`);
    this.retryInMs = retryInMs;
  }
}
