import { types } from 'node:util';
import { CacheKeyError } from '../errors';

/*
 * The encoding is a small, self-delimiting, type-tagged grammar. Every item
 * starts with a type letter (never `#`, which marks a hashed key), so a
 * parser could always tell where an item ends; that is what makes the
 * encoding injective: two tuples share an encoding only if they are equal.
 *
 *   u undefined   n null   t true   f false
 *   d<number>            String(n): -0 and 0 both give `0`; NaN, Infinity
 *   b<bigint>            decimal digits
 *   s<JSON string>       JSON.stringify: escapes quotes, NUL and lone surrogates
 *   D<epoch ms>          `DNaN` for an invalid Date
 *   A(item,…)            array, in order; holes read as undefined
 *   O{"key"=item,…}      plain object, own enumerable string keys, sorted
 *   M{item=item,…}       Map, entries sorted by their encoding
 *   S(item,…)            Set, members sorted by their encoding
 *   B"Type"(hex)         typed array, Buffer, DataView, (Shared)ArrayBuffer bytes
 *   C"Class"item         class instance: O{…} of its own enumerable properties,
 *                        or the primitive of a boxed value / RegExp
 *   J"Class"item         class instance with toJSON(): the encoded result
 *
 * Every user-controlled text (strings, keys, class names) goes through
 * JSON.stringify, so the encoding never holds a lone surrogate and hashing
 * its UTF-8 bytes stays injective too. Delimiters avoid `:`, `*`, `?`, `[`,
 * `]`, `\` and `~` so that escapeKeyPart rarely has to lengthen the result.
 */

/** Characters JSON.stringify would escape in a string: quote, backslash, controls, surrogates. */
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Deeper nesting than this is almost surely a runaway `toJSON`; refuse it rather than overflow the stack. */
const MAX_DEPTH = 200;

const FIX =
  "give the method an explicit `key` option (e.g. @Cached({ key: 'user:{0.id}' })) or a custom keyGenerator";

/**
 * Thrown inside the recursion; containers add their path segment on the way
 * out, so only the failing call pays for building the path.
 */
class Unkeyable {
  readonly path: string[] = [];
  constructor(readonly what: string) {}
}

/**
 * Encodes an argument tuple into a stable, type-tagged, injective string:
 * equal tuples always give the same text and unequal tuples never do.
 *
 * Equality here means: same primitives (`1` ≠ `'1'`, `null` ≠ `undefined`,
 * `-0` = `0`, NaN = NaN), arrays in order, plain objects and Maps/Sets
 * regardless of key or insertion order, Dates by time, binary data by type
 * and bytes, class instances by constructor name and `toJSON()` result or own
 * enumerable properties. Symbol-keyed properties are ignored, as in JSON.
 *
 * @returns `''` for zero arguments; otherwise one item per argument, joined by `,`.
 * @throws CacheKeyError for functions, symbols, circular references,
 *   Promises and weak collections (nothing stable to key on).
 */
export function encodeArgs(args: readonly unknown[]): string {
  // The common case of one id argument skips the stack and the loop.
  if (args.length === 1) {
    const only = args[0];
    if (typeof only === 'string') return 's' + quote(only);
    if (typeof only === 'number') return 'd' + String(only);
  }
  const ancestors: object[] = [];
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) out += ',';
    try {
      out += encodeValue(args[i], ancestors);
    } catch (error) {
      throw toKeyError(error, `cannot build a cache key from argument ${i}`, `args[${i}]`, FIX);
    }
  }
  return out;
}

/**
 * Encodes one value exactly as `encodeArgs([value])` does, but a failure is
 * described by the caller: `intro` opens the message, `root` names the value
 * in the path (e.g. `{0.user}`) and `fix` says what to change.
 *
 * @internal used by key templates; not exported from the package.
 */
export function encodeValueFor(value: unknown, intro: string, root: string, fix: string): string {
  try {
    return encodeValue(value, []);
  } catch (error) {
    throw toKeyError(error, intro, root, fix);
  }
}

function toKeyError(error: unknown, intro: string, root: string, fix: string): unknown {
  if (!(error instanceof Unkeyable)) return error; // a throwing getter or toJSON: let its own error through
  return new CacheKeyError(`${intro}: ${root}${error.path.join('')} is ${error.what}, which has no stable key; ${fix}.`);
}

function encodeValue(value: unknown, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return 's' + quote(value);
    case 'number':
      return 'd' + String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'bigint':
      return 'b' + value.toString();
    case 'object':
      return value === null ? 'n' : encodeObject(value, ancestors);
    case 'function':
      throw new Unkeyable('a function');
    default:
      throw new Unkeyable('a symbol');
  }
}

function encodeObject(value: object, ancestors: object[]): string {
  // Only the current chain of ancestors counts: an object shared by two branches is fine.
  if (ancestors.includes(value)) throw new Unkeyable('a circular reference');
  if (ancestors.length >= MAX_DEPTH) throw new Unkeyable(`nested more than ${MAX_DEPTH} levels deep`);
  ancestors.push(value);
  const encoded = encodeContents(value, ancestors);
  // No finally needed: any throw aborts the whole encodeArgs call and its stack.
  ancestors.pop();
  return encoded;
}

function encodeContents(value: object, ancestors: object[]): string {
  if (Array.isArray(value)) return encodeArray(value, ancestors);
  const proto: unknown = Object.getPrototypeOf(value);
  if (isPlainPrototype(proto)) return 'O' + encodeProperties(value, ancestors);
  // util.types checks internal slots, so they also recognise objects from other realms (vm, jest).
  if (types.isDate(value)) return 'D' + String(value.getTime());
  if (types.isMap(value)) return encodeMap(value, ancestors);
  if (types.isSet(value)) return encodeSet(value, ancestors);
  const name = JSON.stringify(constructorName(proto));
  if (ArrayBuffer.isView(value)) return `B${name}(${hex(value.buffer, value.byteOffset, value.byteLength)})`;
  if (types.isAnyArrayBuffer(value)) return `B${name}(${hex(value, 0, value.byteLength)})`;
  if (types.isBoxedPrimitive(value)) return `C${name}` + encodeValue(value.valueOf(), ancestors);
  if (types.isRegExp(value)) return `C${name}s` + JSON.stringify(`/${value.source}/${value.flags}`);
  if (types.isPromise(value) || types.isWeakMap(value) || types.isWeakSet(value) || value instanceof WeakRef) {
    throw new Unkeyable(`a ${constructorName(proto)} (its content cannot be observed)`);
  }
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    return `J${name}` + withSegment('.toJSON()', () => encodeValue(toJSON.call(value, ''), ancestors));
  }
  return `C${name}O` + encodeProperties(value, ancestors);
}

/** Object.prototype of any realm, or no prototype at all. */
function isPlainPrototype(proto: unknown): boolean {
  if (proto === Object.prototype || proto === null) return true;
  return (
    typeof proto === 'object' &&
    Object.getPrototypeOf(proto) === null &&
    constructorName(proto) === 'Object'
  );
}

function constructorName(proto: unknown): string {
  if (proto === null || typeof proto !== 'object') return '';
  const ctor: unknown = (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' ? String(ctor.name) : '';
}

function encodeArray(array: readonly unknown[], ancestors: object[]): string {
  let out = 'A(';
  let i = 0;
  try {
    for (; i < array.length; i++) {
      if (i > 0) out += ',';
      out += encodeValue(array[i], ancestors);
    }
  } catch (error) {
    throw addSegment(error, `[${i}]`);
  }
  return out + ')';
}

/** `{…}` of own enumerable string keys in sorted order; `__proto__` is read as plain data. */
function encodeProperties(value: object, ancestors: object[]): string {
  const keys = sortKeys(Object.keys(value));
  const record = value as Record<string, unknown>;
  let out = '{';
  let key = '';
  try {
    for (let i = 0; i < keys.length; i++) {
      key = keys[i];
      if (i > 0) out += ',';
      // An own `__proto__` data property shadows the accessor, so this reads data and never a prototype.
      out += quote(key) + '=' + encodeValue(record[key], ancestors);
    }
  } catch (error) {
    throw addSegment(error, /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
  }
  return out + '}';
}

function encodeMap(map: ReadonlyMap<unknown, unknown>, ancestors: object[]): string {
  const entries: string[] = [];
  withSegment('<Map entry>', () => {
    for (const [key, value] of map) entries.push(encodeValue(key, ancestors) + '=' + encodeValue(value, ancestors));
  });
  // Sorting whole entries (not just keys) also orders distinct key objects that encode alike.
  return 'M{' + entries.sort().join(',') + '}';
}

function encodeSet(set: ReadonlySet<unknown>, ancestors: object[]): string {
  const members: string[] = [];
  withSegment('<Set member>', () => {
    for (const member of set) members.push(encodeValue(member, ancestors));
  });
  return 'S(' + members.sort().join(',') + ')';
}

/**
 * JSON.stringify of a string, without its cost when nothing needs escaping
 * (the usual id or name), where the result is just the text in quotes.
 */
function quote(text: string): string {
  return NEEDS_JSON_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/**
 * Sorts in place by UTF-16 code units, as Array#sort does. Objects used as
 * arguments have few keys, and for those an insertion sort is several times
 * faster than the built-in sort.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 12) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}

function hex(buffer: ArrayBufferLike, byteOffset: number, byteLength: number): string {
  return Buffer.from(buffer, byteOffset, byteLength).toString('hex');
}

function withSegment<T>(segment: string, encode: () => T): T {
  try {
    return encode();
  } catch (error) {
    throw addSegment(error, segment);
  }
}

function addSegment(error: unknown, segment: string): unknown {
  if (error instanceof Unkeyable) error.path.unshift(segment);
  return error;
}
