import { CacheConfigError, type CacheProviderOptions, type MethodOverride } from '@cachet/core';
import { buildStore } from './build-store';
import { CONFIG_ENV, DEFAULT_FILE_CONFIG, FILE_KEYS } from './config-schema';
import { toBackend, toBoolean, toDuration, toObject, toPositiveInt, toRedisUrl, toText } from './config-values';
import { readConfigFile } from './read-config-file';

/** Options of {@link fromConfig}. */
export interface FromConfigOptions {
  /** A `.json`, `.yaml` or `.yml` file (see `CacheFileConfig`). @default none: environment and defaults only */
  file?: string;
  /** Environment to read `CACHE_*` and `REDIS_URL` from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Provider options from a configuration file and the environment, with the
 * store built: `new CacheProvider(fromConfig({ file: 'cache.yaml' }))` or
 * `CacheModule.configure({ ...fromConfig({ file }), logger })`.
 *
 * Environment wins over the file: `CACHE_ENABLED`, `CACHE_BACKEND`
 * (`memory | redis | tiered`), `CACHE_TTL`, `CACHE_NAMESPACE`,
 * `CACHE_STORE_TIMEOUT`, `REDIS_URL`. Per-method `overrides`
 * (`'Class.method': { ttl, enabled, grace, staleWhileRevalidate }`) and
 * `invalidateOn` come from the file. With caching disabled, a small memory
 * store is built instead of the backend, so a disabled cache opens no
 * connection. Redis connections are owned by their store: `provider.close()`
 * closes them.
 *
 * @throws CacheConfigError naming the file field or environment variable and the bad value.
 */
export function fromConfig(options: FromConfigOptions = {}): CacheProviderOptions {
  const env = options.env ?? process.env;
  const file = options.file === undefined ? {} : readConfigFile(options.file);
  const at = (field: string): string => `${options.file ?? 'config'}: ${field}`;
  const fromEnv = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  /** The environment's value (named by its variable) or the file's (named by its field). */
  const pick = (field: string, variable: string | undefined): [unknown, string] => {
    const value = variable === undefined ? undefined : fromEnv(variable);
    return value !== undefined ? [value, `${variable} (environment)`] : [file[field], at(field)];
  };

  for (const key of Object.keys(file)) {
    if (!FILE_KEYS.has(key)) throw new CacheConfigError(`fromConfig: ${at(key)} is not a known setting; known: ${[...FILE_KEYS].join(', ')}.`);
  }
  const out: Partial<CacheProviderOptions> = {};
  const [enabled, enabledOrigin] = pick('enabled', CONFIG_ENV.enabled);
  const isEnabled = enabled === undefined ? true : toBoolean(enabled, enabledOrigin);
  out.enabled = isEnabled;
  for (const [field, variable, positive] of [['ttl', CONFIG_ENV.ttl, true], ['storeTimeout', CONFIG_ENV.storeTimeout, true], ['grace', undefined, false], ['staleWhileRevalidate', undefined, false]] as const) {
    const [value, origin] = pick(field, variable);
    if (value !== undefined) out[field] = toDuration(value, origin, positive);
  }
  const [namespace, namespaceOrigin] = pick('namespace', CONFIG_ENV.namespace);
  if (namespace !== undefined) out.namespace = toText(namespace, namespaceOrigin);
  if (file.redactKeys !== undefined) out.redactKeys = toBoolean(file.redactKeys, at('redactKeys'));
  if (file.overrides !== undefined) out.overrides = readOverrides(file.overrides, at('overrides'));
  if (file.invalidateOn !== undefined) out.invalidateOn = toObject(file.invalidateOn, at('invalidateOn')) as CacheProviderOptions['invalidateOn'];

  const [backendValue, backendOrigin] = pick('backend', CONFIG_ENV.backend);
  const backend = backendValue === undefined ? DEFAULT_FILE_CONFIG.backend : toBackend(backendValue, backendOrigin);
  const memory = file.memory === undefined ? {} : toObject(file.memory, at('memory'));
  const redis = file.redis === undefined ? {} : toObject(file.redis, at('redis'));
  checkKeys(memory, ['maxEntries'], at('memory'));
  checkKeys(redis, ['url', 'prefix'], at('redis'));
  const [url, urlOrigin] = fromEnv(CONFIG_ENV.redisUrl) !== undefined ? [fromEnv(CONFIG_ENV.redisUrl), `${CONFIG_ENV.redisUrl} (environment)`] : [redis.url, at('redis.url')];
  const settings = {
    backend: isEnabled ? backend : ('memory' as const),
    maxEntries: memory.maxEntries === undefined ? DEFAULT_FILE_CONFIG.memory.maxEntries : toPositiveInt(memory.maxEntries, at('memory.maxEntries')),
    redisUrl: url === undefined ? DEFAULT_FILE_CONFIG.redisUrl : toRedisUrl(url, urlOrigin),
    redisPrefix: redis.prefix === undefined ? undefined : toText(redis.prefix, at('redis.prefix')),
  };
  if (!isEnabled) settings.maxEntries = 1;
  return { ...out, store: buildStore(settings) };
}

const OVERRIDE_KEYS = ['ttl', 'enabled', 'grace', 'staleWhileRevalidate'];

function readOverrides(value: unknown, origin: string): Record<string, MethodOverride> {
  const overrides: Record<string, MethodOverride> = {};
  for (const [method, raw] of Object.entries(toObject(value, origin))) {
    const at = `${origin}['${method}']`;
    if (!/^[^.\s]+\.[^.\s]+$/.test(method)) throw new CacheConfigError(`fromConfig: ${origin} key ${JSON.stringify(method)} must be 'Class.method'.`);
    const fields = toObject(raw, at);
    checkKeys(fields, OVERRIDE_KEYS, at);
    const override: MethodOverride = {};
    if (fields.ttl !== undefined) override.ttl = toDuration(fields.ttl, `${at}.ttl`, true);
    if (fields.enabled !== undefined) override.enabled = toBoolean(fields.enabled, `${at}.enabled`);
    if (fields.grace !== undefined) override.grace = toDuration(fields.grace, `${at}.grace`, false);
    if (fields.staleWhileRevalidate !== undefined) override.staleWhileRevalidate = toDuration(fields.staleWhileRevalidate, `${at}.staleWhileRevalidate`, false);
    overrides[method] = override;
  }
  return overrides;
}

function checkKeys(object: Record<string, unknown>, known: readonly string[], origin: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw new CacheConfigError(`fromConfig: ${origin}.${key} is not a known setting; known: ${known.join(', ')}.`);
  }
}
