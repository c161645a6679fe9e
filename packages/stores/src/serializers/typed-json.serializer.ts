import { CacheSerializationError } from '@cachet/core';
import type { Serializer, TypeHint } from '@cachet/core';
import { decodeValue, encodeValue } from './typed-json-codec';
import { reviveWithClassTransformer } from './revive';

/**
 * The default serializer of the Redis and Keyv stores: JSON that round-trips
 * what plain JSON loses — `undefined`, `Date`, `BigInt`, `Map`, `Set`,
 * `Buffer`, typed arrays, `NaN` / `±Infinity` / `-0` — at any depth, and
 * revives class instances with class-transformer.
 *
 * Values it refuses (`CacheSerializationError`): functions, symbols, cycles.
 * Data it cannot read (not JSON, unknown records) also throws
 * `CacheSerializationError`; stores treat that as a corrupt entry (a miss).
 */
export class TypedJsonSerializer implements Serializer {
  /** @inheritdoc */
  readonly name = 'typed-json';

  /** @inheritdoc */
  serialize(value: unknown): string {
    return JSON.stringify(encodeValue(value));
  }

  /** @inheritdoc */
  deserialize(data: string | Buffer): unknown {
    const text = typeof data === 'string' ? data : data.toString('utf8');
    let tree: unknown;
    try {
      tree = JSON.parse(text);
    } catch (error) {
      throw new CacheSerializationError('stored value is not typed-json (invalid JSON): written by something else or truncated', { cause: error });
    }
    return decodeValue(tree);
  }

  /**
   * Turns plain data into instances of `type` (or an array of them for
   * `[Class]`) with class-transformer's `plainToInstance`. Nested properties
   * become instances where the class declares them with `@Type()`.
   */
  revive(value: unknown, type: TypeHint): unknown {
    return reviveWithClassTransformer(value, type);
  }
}

/** The shared default instance. */
export const typedJsonSerializer: Serializer = new TypedJsonSerializer();
