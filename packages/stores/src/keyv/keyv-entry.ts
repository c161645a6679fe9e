import { CacheSerializationError } from '@cachet/core';
import type { CacheEntry, Serializer } from '@cachet/core';

/**
 * Entries as one string for Keyv: the whole entry goes through the typed
 * serializer (so Date, BigInt, Map, Set, Buffer survive whatever JSON Keyv
 * applies on top), as `{ v, e, s, c, t }`.
 */
export function encodeKeyvEntry(serializer: Serializer, entry: CacheEntry): string {
  const out = serializer.serialize({ v: entry.value, e: entry.expiresAt, s: entry.staleUntil, c: entry.createdAt, t: entry.tags });
  return typeof out === 'string' ? out : `b64:${out.toString('base64')}`;
}

/** Reads what {@link encodeKeyvEntry} wrote. Throws `CacheSerializationError` for anything else. */
export function decodeKeyvEntry(serializer: Serializer, raw: unknown): CacheEntry {
  if (typeof raw !== 'string') throw new CacheSerializationError(`Keyv value is a ${typeof raw}, not a cachet entry string`);
  const data = serializer.deserialize(raw.startsWith('b64:') ? Buffer.from(raw.slice(4), 'base64') : raw) as Record<string, unknown> | null;
  const valid =
    data !== null &&
    typeof data === 'object' &&
    'v' in data &&
    [data.e, data.s, data.c].every((n) => typeof n === 'number') &&
    Array.isArray(data.t) &&
    data.t.every((tag) => typeof tag === 'string');
  if (!valid) throw new CacheSerializationError('Keyv value is not a cachet entry (missing v / e / s / c / t)');
  return { value: data.v, expiresAt: data.e as number, staleUntil: data.s as number, createdAt: data.c as number, tags: data.t as string[] };
}
