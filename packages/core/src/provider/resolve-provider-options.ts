import { CacheConfigError } from '../errors';
import { parseDuration, parsePositiveDuration } from '../durations';
import { defaultKeyGenerator, type KeyGenerator } from '../keys/key-generator';
import { hasGlobChars } from '../keys/escape';
import type { CacheStore } from '../contracts/cache-store';
import type { TagIndex } from '../contracts/tag-index';
import type { Serializer } from '../contracts/serializer';
import type { CacheLogger } from '../contracts/logger';
import { DEFAULT_PROVIDER_OPTIONS, type CacheCallContext, type CacheProviderOptions } from './provider-options';
import { consoleLogger } from './console-logger';
import type { EventEmitter } from 'node:events';
import { compileInvalidationRules, type CompiledRule } from '../events/invalidation-rules';
import type { DistributedLock } from '../lock/distributed-lock';
import { NO_RESILIENCE, resolveResilience, type ResilienceSettings } from './resilience-options';

/** A method override with durations already in milliseconds. */
export interface ResolvedOverride {
  ttl?: number;
  enabled?: boolean;
  grace?: number;
  staleWhileRevalidate?: number;
}

/** Provider options validated, defaulted and with every duration in milliseconds. */
export interface ResolvedProviderOptions {
  store: CacheStore;
  tags: TagIndex;
  namespace: string;
  ttl: number;
  enabled: boolean;
  keyGenerator: KeyGenerator;
  serializer: Serializer | undefined;
  context: (() => CacheCallContext | undefined) | undefined;
  storeTimeout: number;
  operationTimeout: number;
  logger: CacheLogger;
  redactKeys: boolean;
  invalidateOn: ReadonlyMap<string, CompiledRule>;
  invalidationEvents: EventEmitter | undefined;
  overrides: ReadonlyMap<string, ResolvedOverride>;
  grace: number;
  staleWhileRevalidate: number;
  /** Method defaults of graceBackoff, timeout, hardTimeout, earlyRefresh and lock. */
  resilience: ResilienceSettings;
  distributedLock: DistributedLock | undefined;
}

const KNOWN = new Set<string>([
  'store', 'tags', 'namespace', 'ttl', 'enabled', 'keyGenerator', 'serializer', 'context',
  'storeTimeout', 'operationTimeout', 'logger', 'redactKeys', 'invalidateOn', 'invalidationEvents', 'overrides', 'grace', 'staleWhileRevalidate',
  'graceBackoff', 'timeout', 'hardTimeout', 'earlyRefresh', 'lock', 'distributedLock',
]);

/** Validates provider options; every problem is a CacheConfigError that names the option and the fix. */
export function resolveProviderOptions(options: CacheProviderOptions, providerName: string): ResolvedProviderOptions {
  const where = `cachet provider '${providerName}'`;
  if (options === null || typeof options !== 'object') throw new CacheConfigError(`${where}: options must be an object with at least { store }.`);
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new CacheConfigError(`${where}: unknown option '${name}'. Known options: ${[...KNOWN].join(', ')}.`);
  }
  const store = options.store;
  if (!isStore(store)) {
    throw new CacheConfigError(`${where}: 'store' is required and must be a CacheStore, e.g. { store: new MemoryStore({ maxEntries: 10_000 }) } from @cachet/stores.`);
  }
  const tags = options.tags ?? store.createTagIndex?.();
  if (!tags) {
    throw new CacheConfigError(`${where}: store '${store.name}' has no default tag index; pass one with { tags: new MemoryTagIndex() } (or RedisTagIndex) from @cachet/tags.`);
  }
  const namespace = options.namespace ?? DEFAULT_PROVIDER_OPTIONS.namespace;
  validateNamespace(namespace, `${where}: namespace`);
  if (options.context !== undefined && typeof options.context !== 'function') {
    throw new CacheConfigError(`${where}: context must be a function returning { tenant }, got ${typeof options.context}.`);
  }
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    throw new CacheConfigError(`${where}: enabled must be a boolean, got ${String(options.enabled)}.`);
  }
  if (options.redactKeys !== undefined && typeof options.redactKeys !== 'boolean') {
    throw new CacheConfigError(`${where}: redactKeys must be a boolean, got ${String(options.redactKeys)}.`);
  }
  if (options.logger !== undefined && !isLogger(options.logger)) {
    throw new CacheConfigError(`${where}: logger must have debug, info, warn and error methods (a pino logger works).`);
  }
  const emitter = options.invalidationEvents;
  if (emitter !== undefined && (emitter === null || typeof emitter.on !== 'function' || typeof emitter.off !== 'function')) {
    throw new CacheConfigError(`${where}: invalidationEvents must be an EventEmitter (with on and off).`);
  }
  const invalidateOn = compileInvalidationRules(options.invalidateOn, where);
  if (emitter !== undefined && invalidateOn.size === 0) {
    throw new CacheConfigError(`${where}: invalidationEvents was given without invalidateOn; say which events invalidate what, e.g. invalidateOn: { 'user.updated': { tags: ['user:{id}'] } }.`);
  }
  const lock = options.distributedLock;
  if (lock !== undefined && (lock === null || typeof lock.acquire !== 'function' || typeof lock.release !== 'function' || typeof lock.wait !== 'function')) {
    throw new CacheConfigError(`${where}: distributedLock must be a DistributedLock (acquire, release, wait), e.g. new RedisLock({ client }) from @cachet/stores.`);
  }
  return {
    store,
    tags,
    namespace,
    ttl: parsePositiveDuration(options.ttl ?? DEFAULT_PROVIDER_OPTIONS.ttl, `${where}: ttl`),
    enabled: options.enabled ?? DEFAULT_PROVIDER_OPTIONS.enabled,
    keyGenerator: options.keyGenerator ?? defaultKeyGenerator,
    serializer: options.serializer ?? store.serializer,
    context: options.context,
    storeTimeout: parsePositiveDuration(options.storeTimeout ?? DEFAULT_PROVIDER_OPTIONS.storeTimeout, `${where}: storeTimeout`),
    operationTimeout: parsePositiveDuration(options.operationTimeout ?? DEFAULT_PROVIDER_OPTIONS.operationTimeout, `${where}: operationTimeout`),
    logger: options.logger ?? consoleLogger,
    redactKeys: options.redactKeys ?? DEFAULT_PROVIDER_OPTIONS.redactKeys,
    invalidateOn,
    invalidationEvents: emitter,
    overrides: resolveOverrides(options.overrides ?? {}, where),
    grace: parseDuration(options.grace ?? DEFAULT_PROVIDER_OPTIONS.grace, `${where}: grace`),
    staleWhileRevalidate: parseDuration(options.staleWhileRevalidate ?? DEFAULT_PROVIDER_OPTIONS.staleWhileRevalidate, `${where}: staleWhileRevalidate`),
    resilience: resolveResilience(options, NO_RESILIENCE, where),
    distributedLock: lock,
  };
}

/** Namespaces are literal key segments: no glob or escape characters, not empty, not starting with `~` (reserved for index keys). */
export function validateNamespace(namespace: unknown, what: string): void {
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.startsWith('~') || hasGlobChars(namespace) || /\s/.test(namespace)) {
    throw new CacheConfigError(`${what} must be a non-empty string without spaces, '~' at the start, or any of * ? [ ] \\; got ${JSON.stringify(namespace)}.`);
  }
}

function resolveOverrides(overrides: CacheProviderOptions['overrides'], where: string): Map<string, ResolvedOverride> {
  const resolved = new Map<string, ResolvedOverride>();
  for (const [method, override] of Object.entries(overrides ?? {})) {
    if (!/^[^.\s]+\.[^.\s]+$/.test(method)) throw new CacheConfigError(`${where}: overrides key '${method}' must be 'Class.method'.`);
    const at = `${where}: overrides['${method}']`;
    if (override.enabled !== undefined && typeof override.enabled !== 'boolean') throw new CacheConfigError(`${at}.enabled must be a boolean.`);
    resolved.set(method, {
      ttl: override.ttl === undefined ? undefined : parsePositiveDuration(override.ttl, `${at}.ttl`),
      enabled: override.enabled,
      grace: override.grace === undefined ? undefined : parseDuration(override.grace, `${at}.grace`),
      staleWhileRevalidate: override.staleWhileRevalidate === undefined ? undefined : parseDuration(override.staleWhileRevalidate, `${at}.staleWhileRevalidate`),
    });
  }
  return resolved;
}

function isLogger(value: unknown): value is CacheLogger {
  const l = value as Partial<CacheLogger> | null;
  return !!l && typeof l.debug === 'function' && typeof l.info === 'function' && typeof l.warn === 'function' && typeof l.error === 'function';
}

function isStore(value: unknown): value is CacheStore {
  const s = value as Partial<CacheStore> | undefined;
  return !!s && typeof s.get === 'function' && typeof s.set === 'function' && typeof s.delete === 'function' && typeof s.name === 'string';
}
