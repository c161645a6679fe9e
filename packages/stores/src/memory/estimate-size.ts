import type { CacheEntry } from '@cachet/core';

/** Bytes V8 spends on an object or array before its contents (header, hidden class, backing store). */
const OBJECT_OVERHEAD = 32;
/** Bytes per slot of an object property, array element or Map/Set entry. */
const SLOT = 8;
/** Nesting deeper than this is counted flat: an estimate need not walk pathological structures. */
const MAX_DEPTH = 64;

/**
 * The default `sizeOf` of `MemoryStore` when `maxSize` is set: a rough,
 * deliberately pessimistic estimate of the bytes an entry holds, walking its
 * value once.
 *
 * Counts strings as 2 bytes per character (V8 stores Latin-1 strings in 1, so
 * ASCII-heavy caches hold more than `maxSize` suggests, never less), numbers
 * 8, `Buffer` / typed arrays by `byteLength`, and a fixed overhead per object,
 * array, Map, Set and slot. Shared references and cycles are counted once.
 * It costs a walk of the value per write; pass your own `sizeOf` when values
 * have a cheap known size (e.g. `entry => entry.value.length`).
 */
export function estimateEntrySize(entry: CacheEntry, key: string): number {
  let bytes = OBJECT_OVERHEAD + 4 * SLOT + stringBytes(key);
  for (const tag of entry.tags) bytes += SLOT + stringBytes(tag);
  return Math.ceil(bytes + estimateValueSize(entry.value, new Set(), 0));
}

function estimateValueSize(value: unknown, seen: Set<object>, depth: number): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'symbol':
    case 'function':
      return SLOT;
    case 'bigint':
      return 16 + Math.ceil(value.toString(16).length / 2);
    default:
      break;
  }
  if (value === null) return SLOT;
  const object = value as object;
  if (ArrayBuffer.isView(object)) return OBJECT_OVERHEAD + object.byteLength;
  if (object instanceof ArrayBuffer) return OBJECT_OVERHEAD + object.byteLength;
  if (object instanceof Date) return OBJECT_OVERHEAD;
  if (seen.has(object) || depth >= MAX_DEPTH) return SLOT;
  seen.add(object);
  let bytes = OBJECT_OVERHEAD;
  if (object instanceof Map) {
    for (const [k, v] of object) bytes += 2 * SLOT + estimateValueSize(k, seen, depth + 1) + estimateValueSize(v, seen, depth + 1);
  } else if (object instanceof Set || Array.isArray(object)) {
    for (const item of object as Iterable<unknown>) bytes += SLOT + estimateValueSize(item, seen, depth + 1);
  } else {
    for (const [name, item] of Object.entries(object)) bytes += SLOT + stringBytes(name) + estimateValueSize(item, seen, depth + 1);
  }
  return bytes;
}

function stringBytes(value: string): number {
  return 16 + 2 * value.length;
}
