import { plainToInstance } from 'class-transformer';
import { CacheSerializationError } from '@cachet/core';
import type { ClassType, TypeHint } from '@cachet/core';

/**
 * class-transformer revival. Values that are already the right class, and
 * `null` / `undefined`, pass through. Dates, Maps, Sets and Buffers that the
 * typed-json codec already rebuilt are kept as they are: class-transformer
 * would otherwise copy them into plain objects.
 */
export function reviveWithClassTransformer(value: unknown, type: TypeHint): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) throw new CacheSerializationError(`cannot revive [${type[0].name}]: the cached value is not an array`);
    return value.map((item) => reviveOne(item, type[0] as ClassType));
  }
  return reviveOne(value, type as ClassType);
}

function reviveOne(value: unknown, type: ClassType): unknown {
  if (value === null || typeof value !== 'object' || value instanceof type) return value;
  const instance: unknown = plainToInstance(type as unknown as new () => object, value as object);
  restoreBuiltins(value, instance);
  return instance;
}

function isBuiltin(value: unknown): boolean {
  return value instanceof Map || value instanceof Set || value instanceof Date || ArrayBuffer.isView(value);
}

/**
 * Puts back, at any depth, the built-ins the codec rebuilt: class-transformer
 * turns a Map without `@Type(() => Map)` into a Map of undefined and a Set
 * into an array.
 */
function restoreBuiltins(original: unknown, revived: unknown): void {
  if (original === null || typeof original !== 'object' || revived === null || typeof revived !== 'object') return;
  const target = revived as Record<string, unknown>;
  for (const [key, value] of Object.entries(original)) {
    if (key === '__proto__' || key === 'constructor') continue;
    if (isBuiltin(value)) target[key] = value;
    else restoreBuiltins(value, target[key]);
  }
}
