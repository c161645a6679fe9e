import { CacheConfigError } from './errors';

/**
 * A length of time: a number is milliseconds; a string is a human duration
 * made of one or more `<number><unit>` parts, units `ms`, `s`, `m`, `h`, `d`
 * (`'250ms'`, `'30s'`, `'5m'`, `'1h30m'`, `'1.5h'`, `'1d'`).
 */
export type Duration = number | string;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const WHOLE = /^(?:\s*\d+(?:\.\d+)?\s*(?:ms|s|m|h|d)\s*)+$/;
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g;

/**
 * Parses a {@link Duration} into milliseconds.
 *
 * @param value the duration to parse
 * @param what names the option in the error, e.g. `"@Cached ttl on UserService.getUser"`
 * @throws CacheConfigError for anything that is not a finite, non-negative duration;
 *   never returns a silent 0 for bad input.
 */
export function parseDuration(value: unknown, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new CacheConfigError(`${what} must be a finite number of milliseconds ≥ 0 or a string like '30s', got ${String(value)}.`);
    }
    return value;
  }
  if (typeof value === 'string' && WHOLE.test(value)) {
    let total = 0;
    for (const [, amount, unit] of value.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
    return Math.round(total);
  }
  throw new CacheConfigError(
    `${what} must be milliseconds (a number) or a duration string such as '500ms', '30s', '5m', '1h', '1d'; got ${describe(value)}.`,
  );
}

/** Like {@link parseDuration} but also refuses 0, for options where 0 makes no sense (ttl). */
export function parsePositiveDuration(value: unknown, what: string): number {
  const ms = parseDuration(value, what);
  if (ms === 0) throw new CacheConfigError(`${what} must be greater than 0 (use enabled: false to turn caching off), got ${describe(value)}.`);
  return ms;
}

/** Parses an optional duration: `undefined` stays `undefined`. */
export function parseOptionalDuration(value: unknown, what: string): number | undefined {
  return value === undefined ? undefined : parseDuration(value, what);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
}
