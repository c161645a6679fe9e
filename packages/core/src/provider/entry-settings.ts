import type { Duration } from '../durations';
import { parseDuration, parsePositiveDuration } from '../durations';
import type { ResolvedProviderOptions } from './resolve-provider-options';
import { resolveResilience, type ResilienceOptions, type ResilienceSettings } from './resilience-options';

/** Options of one entry written through `getOrSet` or `set` (the resilience ones apply to `getOrSet`). */
export interface EntryOptions extends ResilienceOptions {
  /** @default the provider's ttl */
  ttl?: Duration;
  /** Tags relative to the provider namespace. */
  tags?: readonly string[];
  /** @default the provider's grace */
  grace?: Duration;
  /** @default the provider's staleWhileRevalidate */
  staleWhileRevalidate?: Duration;
}

/** The durations and resilience settings of one direct call, layered over the provider's defaults. */
export interface EntrySettings extends ResilienceSettings {
  readonly ttl: number;
  readonly grace: number;
  readonly staleWhileRevalidate: number;
}

/** The settings of a call that names none, per provider: built once, not per call. */
const providerDefaults = new WeakMap<ResolvedProviderOptions, EntrySettings>();

/** Resolves {@link EntryOptions} over the provider's defaults; bad input is a CacheConfigError. */
export function entrySettings(options: EntryOptions, defaults: ResolvedProviderOptions, where: string): EntrySettings {
  // The common call names no resilience option: reuse the provider's settings as they are.
  const named = options.graceBackoff !== undefined || options.timeout !== undefined || options.hardTimeout !== undefined || options.earlyRefresh !== undefined || options.lock !== undefined;
  if (!named && options.ttl === undefined && options.grace === undefined && options.staleWhileRevalidate === undefined) {
    let settings = providerDefaults.get(defaults);
    if (settings === undefined) {
      settings = Object.freeze({ ...defaults.resilience, ttl: defaults.ttl, grace: defaults.grace, staleWhileRevalidate: defaults.staleWhileRevalidate });
      providerDefaults.set(defaults, settings);
    }
    return settings;
  }
  return {
    ...(named ? resolveResilience(options, defaults.resilience, where) : defaults.resilience),
    ttl: options.ttl === undefined ? defaults.ttl : parsePositiveDuration(options.ttl, `${where}: ttl`),
    grace: options.grace === undefined ? defaults.grace : parseDuration(options.grace, `${where}: grace`),
    staleWhileRevalidate: options.staleWhileRevalidate === undefined ? defaults.staleWhileRevalidate : parseDuration(options.staleWhileRevalidate, `${where}: staleWhileRevalidate`),
  };
}
