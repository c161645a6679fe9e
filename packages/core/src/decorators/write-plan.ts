import type { CacheProvider } from '../provider/cache-provider';
import { internalsOf } from '../provider/provider-internals';
import type { ProviderRuntime } from '../provider/provider-runtime';
import type { ReadThrough } from '../provider/read-through';
import type { MethodCounters } from '../provider/cache-stats';
import { parseDuration, parsePositiveDuration } from '../durations';
import { reviveValue } from '../provider/revive';
import { DefaultKeyGenerator, type KeyGenerator } from '../keys/key-generator';
import { KeyMemo } from './key-memo';
import { CacheConfigError } from '../errors';
import { resolveResilience, type ResilienceSettings } from '../provider/resilience-options';
import type { CacheWriteOptions, TagProducer } from './decorator-options';
import { tagProducersOf } from './cache-tag.decorator';
import type { KeyBuilder } from './key-builder';
import type { MethodSite } from './method-site';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** Everything a `@Cached` / `@CachePut` call needs, resolved once per provider. */
export interface WritePlan {
  readonly runtime: ProviderRuntime;
  readonly engine: ReadThrough;
  readonly enabled: boolean;
  readonly method: string;
  readonly counters: MethodCounters;
  readonly ttl: number;
  readonly grace: number;
  readonly staleWhileRevalidate: number;
  /** graceBackoff, timeout, hardTimeout, earlyRefresh and lock: the method's, else the provider's. */
  readonly resilience: ResilienceSettings;
  /** The key relative to the provider prefix: `<class namespace>:<key>`. */
  keyOf(thisArg: unknown, args: unknown[]): string;
  /** The full key (`prefix` + keyOf), remembered for single primitive arguments when the key depends on nothing else. */
  fullKeyOf(thisArg: unknown, args: unknown[], prefix: string): string;
  /**
   * The full key already remembered for a call with the single argument
   * `arg`, or undefined (not remembered yet, or keys are never remembered for
   * this method): lets a hit skip building the argument list.
   */
  rememberedKey(arg: unknown): string | undefined;
  /** Tags relative to the provider prefix. */
  tagsOf(thisArg: unknown, args: unknown[], result: unknown): string[];
  readonly condition: Fn | undefined;
  readonly unless: ((result: unknown) => boolean) | undefined;
  readonly revive: ((value: unknown) => unknown) | undefined;
}

/**
 * Layers the settings: provider `overrides['Class.method']` → method options →
 * class `@CacheConfig` → provider defaults.
 */
export function buildWritePlan(site: MethodSite<WritePlan>, provider: CacheProvider, options: CacheWriteOptions, buildKey: KeyBuilder): WritePlan {
  const { runtime, engine } = internalsOf(provider);
  const defaults = runtime.options;
  const classConfig = site.classConfig;
  const method = site.methodId;
  const override = defaults.overrides.get(method);
  const where = site.where;
  const namespace = classConfig.namespace ?? site.cls.name;
  const className = site.cls.name;
  const generator: KeyGenerator = options.keyGenerator ?? defaults.keyGenerator;
  const producers: TagProducer[] = [...(classConfig.tags ?? []), ...tagProducersOf(site.cls), ...tagProducersOf(site.wrapper, site.target.method)];
  const staticTags = options.tags;
  const fromResult = options.tagsFromResult as ((result: unknown, ...args: unknown[]) => readonly string[]) | undefined;
  const type = options.type?.();
  if (options.type && (type === undefined || (Array.isArray(type) ? typeof type[0] !== 'function' : typeof type !== 'function'))) {
    throw new CacheConfigError(`${where}: type must return a class or [Class], got ${String(type)}.`);
  }
  const serializer = defaults.serializer;
  const keyOf = (thisArg: unknown, args: unknown[]) => `${namespace}:${buildKey(thisArg, args, className, generator)}`;
  // Only where the key is a function of the arguments alone: a template or the default generator, and a prefix without tenant.
  const memo = buildKey.pure && generatorIsPure(options, generator) && defaults.context === undefined ? new KeyMemo() : undefined;
  return {
    runtime,
    engine,
    enabled: defaults.enabled && (override?.enabled ?? options.enabled ?? classConfig.enabled ?? true),
    method,
    counters: runtime.countersFor(method),
    ttl: override?.ttl ?? durationOr(options.ttl, classConfig.ttl, defaults.ttl, `${where}: ttl`),
    grace: override?.grace ?? (options.grace === undefined ? defaults.grace : parseDuration(options.grace, `${where}: grace`)),
    staleWhileRevalidate:
      override?.staleWhileRevalidate ??
      (options.staleWhileRevalidate === undefined ? defaults.staleWhileRevalidate : parseDuration(options.staleWhileRevalidate, `${where}: staleWhileRevalidate`)),
    resilience: resolveResilience(options, defaults.resilience, where),
    keyOf,
    fullKeyOf:
      memo === undefined
        ? (thisArg, args, prefix) => prefix + keyOf(thisArg, args)
        : (thisArg, args, prefix) => {
            if (args.length !== 1) return prefix + keyOf(thisArg, args);
            const known = memo.get(args[0]);
            if (known !== undefined) return known;
            const built = prefix + keyOf(thisArg, args);
            memo.set(args[0], built);
            return built;
          },
    rememberedKey: memo === undefined ? () => undefined : (arg) => memo.get(arg),
    tagsOf(thisArg, args, result) {
      const tags: string[] = [];
      for (const producer of producers) tags.push(typeof producer === 'function' ? checked((producer as Fn).apply(thisArg, args), where) : producer);
      if (staticTags !== undefined) tags.push(...(typeof staticTags === 'function' ? checkedList((staticTags as Fn).apply(thisArg, args), where) : staticTags));
      if (fromResult !== undefined) tags.push(...checkedList(fromResult.call(thisArg, result, ...args), where));
      return tags.length > 1 ? [...new Set(tags)] : tags;
    },
    condition: options.condition as Fn | undefined,
    unless: options.unless as ((result: unknown) => boolean) | undefined,
    revive: type === undefined ? undefined : (value) => reviveValue(value, type, serializer),
  };
}

function generatorIsPure(options: CacheWriteOptions, generator: KeyGenerator): boolean {
  return options.key !== undefined || generator instanceof DefaultKeyGenerator;
}

function durationOr(method: unknown, cls: unknown, fallback: number, what: string): number {
  if (method !== undefined) return parsePositiveDuration(method, what);
  if (cls !== undefined) return parsePositiveDuration(cls, what);
  return fallback;
}

function checked(tag: unknown, where: string): string {
  if (typeof tag !== 'string' || tag.length === 0) throw new CacheConfigError(`${where}: a tag function returned ${String(tag)}; tags must be non-empty strings.`);
  return tag;
}

function checkedList(tags: unknown, where: string): readonly string[] {
  if (!Array.isArray(tags)) throw new CacheConfigError(`${where}: a tags function returned ${String(tags)}; it must return an array of strings.`);
  for (const tag of tags) checked(tag, where);
  return tags as readonly string[];
}
