/**
 * An internal read of a `MemoryStore` for the tiered store's L1 (not exported
 * from the package): the stored value alone, without the `CacheEntry` a
 * `getSync` builds around it per read. L1 keeps each copy as a record whose
 * value is the entry itself, so an L1 hit that went through `getSync` built a
 * record only to take its `value` (3 boxed times and an object per hit, W3).
 */
export const READ_VALUE = Symbol('cachet.memory.read-value');

/** A store that answers {@link READ_VALUE}. */
export interface ValueReader {
  /**
   * The value of the live entry under `key` (a copy with `clone: true`), or
   * `undefined` when there is none; counts as a use, drops an expired entry
   * (telling `onEvict` listeners) exactly as `getSync(key, now)` does.
   */
  [READ_VALUE](key: string, now: number): unknown;
}

/** True when `store` answers {@link READ_VALUE}. */
export function isValueReader(store: object): store is ValueReader {
  return typeof (store as Partial<ValueReader>)[READ_VALUE] === 'function';
}
