import type { CacheEntry } from '../contracts/cache-entry';

/** What `getFreshValueSync` answers when there is no fresh value: no entry can hold it. */
export const NOT_FRESH = Symbol('cachet.not-fresh');

/** `started` of a store read nobody listens to the duration of. */
export const NOT_TIMED = -1;

/** What a store read that failed (or missed storeTimeout) resolves to inside the engine. */
export const READ_FAILED = Symbol('cachet.read-failed');

/**
 * `read`'s outcome, handed on once `prepared` (the write token a load would
 * need) has settled as well, unless the read found a fresh entry: a hit
 * needs no token, so it does not wait for one.
 */
export function afterBoth(read: Promise<CacheEntry | undefined>, prepared: PromiseLike<void>): Promise<CacheEntry | undefined> {
  const settled = Promise.resolve(prepared).then(undefined, () => undefined);
  return read.then(
    (entry) => (entry !== undefined && entry.expiresAt > Date.now() ? entry : settled.then(() => entry)),
    (error: unknown) => settled.then(() => Promise.reject(error)),
  );
}
