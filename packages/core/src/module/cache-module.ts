import { CacheConfigError, CacheNotConfiguredError } from '../errors';
import { CacheProvider } from '../provider/cache-provider';
import type { CacheProviderOptions } from '../provider/provider-options';
import { classConfigOf } from '../decorators/cache-config.decorator';
import { ScopedCache, type CacheAdmin } from '../admin/scoped-cache';

/** Name of the provider that `configure` registers and decorators use by default. */
export const DEFAULT_PROVIDER = 'default';

const providers = new Map<string, CacheProvider>();
/** Bumped on every change so decorated methods can cache their lookup cheaply. */
let generation = 0;

/**
 * The registry of providers. Decorated methods look their provider up here at
 * call time, so classes may be defined (and instantiated) before the cache is
 * configured. No hidden singleton state survives `reset()`.
 */
export const CacheModule = Object.freeze({
  /** Registers the default provider (the one decorators use unless they name another). */
  configure(options: CacheProviderOptions | CacheProvider): CacheProvider {
    return CacheModule.register(DEFAULT_PROVIDER, options);
  },

  /**
   * Registers a provider under `name`, replacing any provider of that name
   * (the replaced one is not closed: close it yourself if you own its store).
   */
  register(name: string, options: CacheProviderOptions | CacheProvider): CacheProvider {
    if (typeof name !== 'string' || name.length === 0) throw new CacheConfigError(`CacheModule.register: name must be a non-empty string, got ${JSON.stringify(name)}.`);
    const provider = options instanceof CacheProvider ? options : new CacheProvider(options, name);
    providers.set(name, provider);
    generation++;
    return provider;
  },

  /** The provider registered under `name`; throws CacheNotConfiguredError naming the fix when there is none. */
  get(name: string = DEFAULT_PROVIDER): CacheProvider {
    const provider = providers.get(name);
    if (provider === undefined) throw new CacheNotConfiguredError(name);
    return provider;
  },

  /** True when a provider is registered under `name`. */
  has(name: string = DEFAULT_PROVIDER): boolean {
    return providers.has(name);
  },

  /** Names of the registered providers. */
  names(): string[] {
    return [...providers.keys()];
  },

  /**
   * Management actions scoped to one class: its namespace (`@CacheConfig`
   * namespace, else the class name) on its provider (`@CacheConfig` provider,
   * else the default, looked up at each call). Keys are relative to the class
   * namespace; `stats()` covers the class's own methods.
   *
   * @example await CacheModule.admin(UserService).delete('user:42')
   */
  admin(cls: abstract new (...args: never[]) => unknown): CacheAdmin {
    if (typeof cls !== 'function') throw new CacheConfigError(`CacheModule.admin expects a class, got ${String(cls)}.`);
    const config = classConfigOf(cls);
    const name = config.provider ?? DEFAULT_PROVIDER;
    return new ScopedCache(() => CacheModule.get(name), config.namespace ?? cls.name, cls.name);
  },

  /** Closes every provider and forgets them all (for tests and shutdown). */
  async reset(): Promise<void> {
    const all = [...providers.values()];
    providers.clear();
    generation++;
    await Promise.allSettled(all.map((provider) => provider.close()));
  },
});

/** @internal Lookup used by decorated methods: the provider or undefined, plus the registry generation. */
export function lookupProvider(name: string): CacheProvider | undefined {
  return providers.get(name);
}

/** @internal Registry generation, bumped on every register / reset. */
export function registryGeneration(): number {
  return generation;
}
