import { createHash } from 'node:crypto';
import { CacheConfigError, CacheKeyError } from '../errors';
import { escapeKeyPart } from './escape';
import { encodeArgs } from './stable-encode';

/** What a {@link KeyGenerator} knows about the call it builds a key for. */
export interface KeyContext {
  /** Name of the class that declares the cached method. */
  readonly className: string;
  /** Name of the cached method. */
  readonly methodName: string;
  /** The call's arguments, as passed. */
  readonly args: readonly unknown[];
  /** `this` of the call. */
  readonly instance: unknown;
}

/**
 * Builds the part of a cache key after the class namespace. Pluggable
 * globally (provider option `keyGenerator`) and per method.
 *
 * A generator must be deterministic and should be injective: calls that may
 * return different results must get different keys. Escape user input with
 * `escapeKeyPart` so it cannot collide with other keys or widen a revoke pattern.
 */
export interface KeyGenerator {
  /** The key for one call, relative to the class namespace. */
  generate(context: KeyContext): string;
}

/** Options of {@link DefaultKeyGenerator}. */
export interface DefaultKeyGeneratorOptions {
  /**
   * Encoded argument text longer than this is replaced by `'#'` + SHA-256
   * (base64url), which keeps keys short for large arguments. Integer ≥ 16.
   * @default 200
   */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 200;
/** Shorter limits would hash almost every key and save nothing over the 43-character digest. */
const MIN_MAX_LENGTH = 16;

/**
 * The default key: `<methodName>:<escaped encodeArgs(args)>`, or
 * `<methodName>:#<sha256 base64url>` when the escaped encoding is longer than
 * `maxLength`. Encodings never start with `#`, so a hashed key cannot equal an
 * unhashed one. The class namespace is prepended by the caller.
 */
export class DefaultKeyGenerator implements KeyGenerator {
  /** The resolved hashing threshold. */
  readonly maxLength: number;

  /** @throws CacheConfigError when `maxLength` is not an integer ≥ 16. */
  constructor(options: DefaultKeyGeneratorOptions = {}) {
    const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    if (!Number.isInteger(maxLength) || maxLength < MIN_MAX_LENGTH) {
      throw new CacheConfigError(
        `DefaultKeyGenerator: maxLength must be an integer of at least ${MIN_MAX_LENGTH}, got ${String(maxLength)}.`,
      );
    }
    this.maxLength = maxLength;
  }

  /** @throws CacheKeyError, naming `Class.method`, when an argument cannot be encoded. */
  generate(context: KeyContext): string {
    let encoded: string;
    try {
      encoded = encodeArgs(context.args);
    } catch (error) {
      if (!(error instanceof CacheKeyError)) throw error;
      throw new CacheKeyError(`${context.className}.${context.methodName}: ${error.message}`, { cause: error });
    }
    // Escaping only adds characters, so a raw encoding over the limit needs no escaping to know it is too long.
    const method = escapeKeyPart(context.methodName);
    if (encoded.length <= this.maxLength) {
      const escaped = escapeKeyPart(encoded);
      if (escaped.length <= this.maxLength) return `${method}:${escaped}`;
    }
    // The encoding holds no lone surrogates (JSON escapes them), so its UTF-8 bytes are as unique as the text.
    return `${method}:#${createHash('sha256').update(encoded).digest('base64url')}`;
  }
}

/** A shared {@link DefaultKeyGenerator} with default options. */
export const defaultKeyGenerator: DefaultKeyGenerator = new DefaultKeyGenerator();
