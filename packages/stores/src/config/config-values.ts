import { CacheConfigError, parseDuration, type Duration } from '@cachet/core';
import { CONFIG_BACKENDS, type ConfigBackend } from './config-schema';

/** Where a value came from, for error messages: `'cache.yaml: ttl'` or `'CACHE_TTL (environment)'`. */
export type Origin = string;

function fail(origin: Origin, expected: string, value: unknown): never {
  throw new CacheConfigError(`fromConfig: ${origin} must be ${expected}; got ${JSON.stringify(value) ?? String(value)}.`);
}

/** A boolean; environment strings `true/false/1/0/yes/no/on/off` (any case) too. */
export function toBoolean(value: unknown, origin: Origin): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off'].includes(text)) return false;
  }
  return fail(origin, 'true or false', value);
}

/** `memory`, `redis` or `tiered`. */
export function toBackend(value: unknown, origin: Origin): ConfigBackend {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (typeof text === 'string' && (CONFIG_BACKENDS as readonly string[]).includes(text)) return text as ConfigBackend;
  return fail(origin, `one of ${CONFIG_BACKENDS.join(', ')}`, value);
}

/** A duration (`'30s'`, `'5m'`, milliseconds); a string of digits counts as milliseconds. `positive` refuses 0. */
export function toDuration(value: unknown, origin: Origin, positive: boolean): Duration {
  const input = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  let ms: number;
  try {
    ms = parseDuration(input, `fromConfig: ${origin}`);
  } catch (error) {
    throw new CacheConfigError(`fromConfig: ${origin} must be a duration such as '30s', '5m', '1h' or milliseconds; got ${JSON.stringify(value)}.`, { cause: error });
  }
  if (positive && ms === 0) fail(origin, 'a duration greater than 0 (use enabled: false to turn caching off)', value);
  return ms;
}

/** A non-empty string without surrounding spaces. */
export function toText(value: unknown, origin: Origin): string {
  if (typeof value === 'string' && value.trim() !== '' && value.trim() === value) return value;
  return fail(origin, 'a non-empty string', value);
}

/** A positive integer. */
export function toPositiveInt(value: unknown, origin: Origin): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0) return n;
  return fail(origin, 'a positive integer', value);
}

/** A `redis://` or `rediss://` URL. */
export function toRedisUrl(value: unknown, origin: Origin): string {
  if (typeof value === 'string' && /^rediss?:\/\/\S+$/.test(value)) return value;
  return fail(origin, 'a redis:// or rediss:// URL', value);
}

/** A plain object (a YAML/JSON mapping). */
export function toObject(value: unknown, origin: Origin): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return fail(origin, 'an object (a mapping)', value);
}
