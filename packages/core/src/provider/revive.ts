import type { Serializer, TypeHint, ClassType } from '../contracts/serializer';

/**
 * Turns a cached value back into instances of `type`. Values that already are
 * instances (an in-process store without cloning) are returned as they are.
 * Without a serializer that can revive, only the top-level prototype is set.
 */
export function reviveValue(value: unknown, type: TypeHint, serializer: Serializer | undefined): unknown {
  if (value === null || value === undefined) return value;
  const cls = Array.isArray(type) ? (type as readonly [ClassType])[0] : (type as ClassType);
  if (Array.isArray(type)) {
    if (!Array.isArray(value) || value.every((item) => item instanceof cls)) return value;
  } else if (value instanceof cls) return value;
  if (serializer?.revive) return serializer.revive(value, type);
  if (Array.isArray(value)) return value.map((item) => reviveOne(item, cls));
  return reviveOne(value, cls);
}

function reviveOne(item: unknown, cls: ClassType): unknown {
  if (item === null || typeof item !== 'object' || item instanceof cls) return item;
  return Object.assign(Object.create(cls.prototype as object) as object, item);
}
