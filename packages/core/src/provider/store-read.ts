/** What `getFreshValueSync` answers when there is no fresh value: no entry can hold it. */
export const NOT_FRESH = Symbol('cachet.not-fresh');

/** `started` of a store read nobody listens to the duration of. */
export const NOT_TIMED = -1;

/** What a store read that failed (or missed storeTimeout) resolves to inside the engine. */
export const READ_FAILED = Symbol('cachet.read-failed');

/** `read`'s outcome, handed on once `prepared` has settled as well. */
export function afterBoth<T>(read: Promise<T>, prepared: PromiseLike<void>): Promise<T> {
  const settled = Promise.resolve(prepared).then(undefined, () => undefined);
  return read.then(
    (value) => settled.then(() => value),
    (error: unknown) => settled.then(() => Promise.reject(error)),
  );
}
