import type { ProviderRuntime } from './provider-runtime';
import type { ReadThrough } from './read-through';
import type { CacheProvider } from './cache-provider';

/** What the decorators need from a provider, kept off its public type. */
export interface ProviderInternals {
  readonly runtime: ProviderRuntime;
  readonly engine: ReadThrough;
  isClosed(): boolean;
}

const internals = new WeakMap<CacheProvider, ProviderInternals>();

export function registerInternals(provider: CacheProvider, parts: ProviderInternals): void {
  internals.set(provider, parts);
}

/** The engine behind a provider. */
export function internalsOf(provider: CacheProvider): ProviderInternals {
  const parts = internals.get(provider);
  if (parts === undefined) throw new TypeError('not a cachet CacheProvider');
  return parts;
}
