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
  return new Promise<T>((resolve, reject) => {
    const deadline = startDeadline(deadlineMs, () => reject(new CacheStoreError(store, name, `no answer within storeTimeout (${deadlineMs} ms)`)));
    operation.then(
      (value) => {
        if (deadline.settle()) resolve(value);
      },
      (error: unknown) => {
        if (deadline.settle()) reject(error instanceof CacheStoreError ? error : new CacheStoreError(store, name, describeError(error), { cause: error }));
      },
    );
  });
}

/** A one-line description of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
