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
    const deadline = startDeadline(deadlineMs, () => reject(deadlineMissed(store, name, deadlineMs)));
    operation.then(
      (value) => {
        if (deadline.settle()) resolve(value);
      },
      (error: unknown) => {
        if (deadline.settle()) reject(asStoreError(error, store, name));
      },
    );
  });
}

/** The error of an operation that missed its deadline. */
export function deadlineMissed(store: string, name: string, deadlineMs: number): CacheStoreError {
  return new CacheStoreError(store, name, `no answer within storeTimeout (${deadlineMs} ms)`);
}

/** `error` as the CacheStoreError the provider reports (kept as is when it already is one). */
export function asStoreError(error: unknown, store: string, name: string): CacheStoreError {
  return error instanceof CacheStoreError ? error : new CacheStoreError(store, name, describeError(error), { cause: error });
}

/** A one-line description of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
