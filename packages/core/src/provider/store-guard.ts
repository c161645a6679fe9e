import { CacheStoreError } from '../errors';

/**
 * Runs a store operation under a deadline. Rejects with a CacheStoreError when
 * the operation fails or misses the deadline; the caller decides to fail open.
 * The timer is unref'd so a stalled store never keeps the process alive.
 */
export function withDeadline<T>(operation: Promise<T>, deadlineMs: number, store: string, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheStoreError(store, name, `no answer within storeTimeout (${deadlineMs} ms)`)), deadlineMs);
    timer.unref();
  });
  return Promise.race([operation, deadline]).then(
    (value) => {
      clearTimeout(timer);
      return value;
    },
    (error: unknown) => {
      clearTimeout(timer);
      throw error instanceof CacheStoreError ? error : new CacheStoreError(store, name, describeError(error), { cause: error });
    },
  );
}

/** A one-line description of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
