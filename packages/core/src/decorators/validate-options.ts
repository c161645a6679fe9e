import { CacheConfigError } from '../errors';
import { parseDuration, parsePositiveDuration } from '../durations';

/**
 * Checks decorator options when the decorator is applied, so mistakes surface
 * at start-up with the class, method and option named, not on the first call.
 */
export class OptionsValidator {
  constructor(
    private readonly options: object,
    private readonly where: string,
  ) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new CacheConfigError(`${where}: options must be an object, got ${Array.isArray(options) ? 'an array' : String(options)}.`);
    }
  }

  /** Refuses unknown option names (typos such as `ttL` would otherwise be silently ignored). */
  known(names: readonly string[]): this {
    for (const name of Object.keys(this.options)) {
      if (!names.includes(name)) throw new CacheConfigError(`${this.where}: unknown option '${name}'. Known options: ${names.join(', ')}.`);
    }
    return this;
  }

  duration(name: string, positive = false): this {
    const value = this.value(name);
    if (value !== undefined) (positive ? parsePositiveDuration : parseDuration)(value, `${this.where}: ${name}`);
    return this;
  }

  fn(name: string): this {
    const value = this.value(name);
    if (value !== undefined && typeof value !== 'function') this.fail(name, 'a function', value);
    return this;
  }

  boolean(name: string): this {
    const value = this.value(name);
    if (value !== undefined && typeof value !== 'boolean') this.fail(name, 'true or false', value);
    return this;
  }

  nonEmptyString(name: string): this {
    const value = this.value(name);
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) this.fail(name, 'a non-empty string', value);
    return this;
  }

  stringOrFn(name: string): this {
    const value = this.value(name);
    if (value !== undefined && typeof value !== 'function' && (typeof value !== 'string' || value.length === 0)) this.fail(name, 'a non-empty string or a function', value);
    return this;
  }

  /** A list of non-empty strings. */
  strings(name: string): this {
    const value = this.value(name);
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0))) this.fail(name, 'an array of non-empty strings', value);
    return this;
  }

  /** A list of non-empty strings, or a function returning one. */
  stringsOrFn(name: string): this {
    const value = this.value(name);
    if (value === undefined || typeof value === 'function') return this;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0)) this.fail(name, 'an array of non-empty strings or a function', value);
    return this;
  }

  keyGenerator(name: string): this {
    const value = this.value(name) as { generate?: unknown } | undefined;
    if (value !== undefined && (typeof value !== 'object' || value === null || typeof value.generate !== 'function')) this.fail(name, 'a KeyGenerator ({ generate(context) })', value);
    return this;
  }

  private value(name: string): unknown {
    return (this.options as Record<string, unknown>)[name];
  }

  private fail(name: string, expected: string, got: unknown): never {
    const shown = typeof got === 'string' ? `'${got}'` : Array.isArray(got) ? JSON.stringify(got) : String(got);
    throw new CacheConfigError(`${this.where}: ${name} must be ${expected}, got ${shown}.`);
  }
}
