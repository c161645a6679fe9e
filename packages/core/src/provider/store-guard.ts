import { CacheStoreError } from '../errors';
import { startDeadline } from '../resilience/deadline-queue';

/**
 * Runs a store operation under a deadline. Rejects with a CacheStoreError when
 * the operation fails or misses the deadline; the caller decides to fail open.
 * One promise and one queued deadline (see deadline-queue.ts) rather than a
 * `Promise.race` with a timer of its own: this runs on every store read of a hit.
 * The deadline never keeps the process alive.
 */
export function withDeadline<T>(operation: Promise<T>, deadlineMs: number, store: string, name: string): Promise<T> {
  return new Promise<T>((resolve, reject) => raceDeadline(operation, deadlineMs, store, name, resolve, reject));
}

/**
 * Hands `operation`'s value to `onValue`, or its failure, as a
 * CacheStoreError, to `onError` — or a deadline error to `onError` once
 * `deadlineMs` pass first. Exactly one of the two runs. The building block of
 * `withDeadline` and of the provider's fail-open `guard`, which settle their
 * own single promise with it.
 */
export function raceDeadline<T>(operation: Promise<T>, deadlineMs: number, store: string, name: string, onValue: (value: T) => void, onError: (error: CacheStoreError) => void): void {
  const deadline = startDeadline(deadlineMs, () => onError(new CacheStoreError(store, name, `no answer within storeTimeout (${deadlineMs} ms)`)));
  operation.then(
    (value) => {
      if (deadline.settle()) onValue(value);
    },
    (error: unknown) => {
      if (deadline.settle()) onError(error instanceof CacheStoreError ? error : new CacheStoreError(store, name, describeError(error), { cause: error }));
    },
  );
}

/** A one-line description of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
