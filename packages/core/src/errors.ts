/**
 * Every error cachet throws is a {@link CachetError}: it carries a stable `code`
 * for programs, a message for people that says what to change, and the
 * underlying `cause` when there is one.
 */
export class CachetError extends Error {
  /** Stable, machine-readable code, e.g. `CACHET_CONFIG`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // `new.target` names the subclass actually thrown, so logs say CacheConfigError, not Error.
    this.name = new.target.name;
  }
}

/** Invalid options given to a decorator, `CacheModule`, a provider or a store. */
export class CacheConfigError extends CachetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CACHET_CONFIG', message, options);
  }
}

/** A cached method ran, but the provider it names has not been registered. */
export class CacheNotConfiguredError extends CachetError {
  /** The provider name that was looked up. */
  readonly provider: string;

  constructor(provider: string, where?: string) {
    const fix =
      provider === 'default'
        ? `call CacheModule.configure({ store: new MemoryStore({ maxEntries: 10_000 }) }) at start-up`
        : `call CacheModule.register('${provider}', { store: … }) at start-up, or remove provider: '${provider}'`;
    super(
      'CACHET_NOT_CONFIGURED',
      `cachet provider '${provider}' is not registered${where ? ` (used by ${where})` : ''}: ${fix}.`,
    );
    this.provider = provider;
  }
}

/** A cache key could not be built from a method's arguments. */
export class CacheKeyError extends CachetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CACHET_KEY', message, options);
  }
}

/** A value could not be serialized for, or deserialized from, a store. */
export class CacheSerializationError extends CachetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CACHET_SERIALIZATION', message, options);
  }
}

/** A store operation failed or missed its deadline. The provider fails open on it. */
export class CacheStoreError extends CachetError {
  /** Name of the store that failed. */
  readonly store: string;
  /** The operation that failed, e.g. `get`. */
  readonly operation: string;

  constructor(store: string, operation: string, message: string, options?: { cause?: unknown }) {
    super('CACHET_STORE', `${store}.${operation}: ${message}`, options);
    this.store = store;
    this.operation = operation;
  }
}

/** A cached call exceeded its hard timeout and had no value to fall back on. */
export class CacheTimeoutError extends CachetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CACHET_TIMEOUT', message, options);
  }
}

/** An operation on a provider or store that has been closed. */
export class CacheClosedError extends CachetError {
  constructor(what: string) {
    super('CACHET_CLOSED', `${what} is closed; create a new one (or call CacheModule.reset() in tests).`);
  }
}
