/** A class whose instances can be revived from plain data. */
export type ClassType<T = unknown> = new (...args: never[]) => T;

/** What `type` in `@Cached` names: a class, or `[Class]` for an array of them. */
export type TypeHint = ClassType | readonly [ClassType];

/**
 * Turns values into bytes for stores outside the process and back. The default
 * (in `@cachet/stores`) round-trips Date, BigInt, Map, Set, Buffer and typed
 * arrays.
 */
export interface Serializer {
  /** A short name recorded in logs, e.g. `'typed-json'`. */
  readonly name: string;
  /** Encodes a value. Throws `CacheSerializationError` for values it cannot encode. */
  serialize(value: unknown): string | Buffer;
  /** Decodes what `serialize` produced. Throws `CacheSerializationError` for foreign or corrupt data. */
  deserialize(data: string | Buffer): unknown;
  /**
   * Optional: turns plain data into instances of `type` (class-transformer in
   * the default). Without it the provider revives only the top-level prototype.
   */
  revive?(value: unknown, type: TypeHint): unknown;
}
