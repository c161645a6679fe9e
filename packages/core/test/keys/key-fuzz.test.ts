import { encodeArgs } from '@cachet/core';
import { compileKeyTemplate } from '../../src/keys/template';
import { seededRandom } from '../../../../test-support/scenarios/random';

/*
 * Property test of key injectivity: random argument tuples built from the
 * hard cases are compared through an independent, deliberately simple and
 * slow "equality fingerprint". Equal fingerprints must give equal keys and
 * different fingerprints different keys. Rerun a failure with
 * KEY_FUZZ_SEED=<seed printed below>.
 */

const TUPLES = 100_000;
const TEMPLATE_PAIRS = 50_000;
const seed = Number(process.env.KEY_FUZZ_SEED ?? Date.now() % 2 ** 32) >>> 0;


const random = seededRandom(seed);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

// Small pools on purpose: equal values must come up often, not just unequal ones.
const ATOMS = ['', ':', '*', '?', '[', ']', '\\', '~', '\0', '"', "'", ',', '=', '(', ')', '{', '}', '#', 'a', '1', 'u', 'n',
  's"', 'd1', '\uD800', '\uDC00', '\uD83D\uDE00', 'null'];
const NUMBERS = [0, -0, 1, -1, 1.5, 42, NaN, Infinity, -Infinity, 1e21, 2 ** 53];
const NUMERIC_STRINGS = ['0', '-0', '1', '-1', '1.5', '42', 'NaN', 'Infinity', '1e+21', 'true', 'false', 'null', 'undefined'];
const KEYS = ['a', 'b', '__proto__', 'constructor', '', ':', '1', '0', 'a"b'];
const TIMES = [0, 1, 42, NaN];

class Point {
  constructor(
    public x: unknown,
    public y: unknown,
  ) {}
}

class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
  toJSON(): unknown {
    return { amount: this.cents, currency: this.currency };
  }
}

/**
 * Recent keys, fed back as string arguments with a few characters trimmed
 * from either end: the strings most likely to imitate another tuple's
 * encoding if quoting or delimiting were ever wrong.
 */
const recentKeys: string[] = [];

function rememberKey(key: string): void {
  if (key.length <= 40) recentKeys[int(64)] = key;
}

function keyLookalike(): string {
  const key = recentKeys[int(64)] ?? '';
  return key.slice(int(4), key.length - int(3));
}

function randomString(): string {
  let s = '';
  for (let n = int(4); n > 0; n--) s += pick(ATOMS);
  return s;
}

function randomBytes(): number[] {
  return Array.from({ length: int(3) }, () => pick([0, 1, 255, 58]));
}

function randomLeaf(): unknown {
  switch (int(14)) {
    case 0: return randomString();
    case 1: return int(2) === 0 ? randomString() : keyLookalike();
    case 2: return pick(NUMBERS);
    case 3: return pick(NUMERIC_STRINGS);
    case 4: return pick([null, undefined]);
    case 5: return pick([true, false]);
    case 6: return pick([0n, 1n, -1n, 42n, 2n ** 64n]);
    case 7: return new Date(pick(TIMES));
    case 8: return Buffer.from(randomBytes());
    case 9: {
      // A view into the middle of a larger buffer: only its own bytes count.
      const bytes = randomBytes();
      return new Uint8Array([7, ...bytes, 7]).subarray(1, 1 + bytes.length);
    }
    case 10: return pick([Int8Array, Uint16Array]).from(randomBytes());
    case 11: return new Uint8Array(randomBytes()).buffer;
    case 12: return new Money(int(3), pick(['EUR', 'USD']));
    default: return JSON.parse(randomJsonText(2)) as unknown;
  }
}

/** JSON text whose objects may carry `"__proto__"` keys, as parsed request bodies do. */
function randomJsonText(depth: number): string {
  const kind = depth > 0 ? int(5) : int(3);
  if (kind === 0) return JSON.stringify(randomString());
  if (kind === 1) return pick(['0', '1', '-1', '1.5', 'null', 'true', 'false']);
  if (kind === 2) return JSON.stringify(pick(NUMERIC_STRINGS));
  if (kind === 3) return `[${Array.from({ length: int(3) }, () => randomJsonText(depth - 1)).join(',')}]`;
  const keys = [...new Set(Array.from({ length: int(3) }, () => pick(['__proto__', 'polluted', 'a'])))];
  return `{${keys.map((key) => `${JSON.stringify(key)}:${randomJsonText(depth - 1)}`).join(',')}}`;
}

function randomValue(depth: number): unknown {
  if (depth <= 0 || int(3) > 0) return randomLeaf();
  const size = int(4);
  const child = (): unknown => randomValue(depth - 1);
  switch (int(6)) {
    case 0: return Array.from({ length: size }, child);
    case 1: case 2: {
      const object: Record<string, unknown> = int(5) === 0 ? Object.create(null) : {};
      for (let i = 0; i < size; i++) defineData(object, pick(KEYS), child());
      return object;
    }
    case 3: return new Map(Array.from({ length: size }, () => [child(), child()] as const));
    case 4: return new Set(Array.from({ length: size }, child));
    default: return new Point(child(), child());
  }
}

/** Sets an own enumerable data property, even `__proto__`, without touching any prototype. */
function defineData(object: object, key: string, value: unknown): void {
  // Plain assignment keeps ordinary objects in V8's fast mode; only `__proto__` needs defineProperty.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else (object as Record<string, unknown>)[key] = value;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** An equal copy with object keys and Map / Set insertion order shuffled. */
function reorderedClone(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(reorderedClone);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Map) return new Map(shuffled([...value]).map(([k, v]) => [reorderedClone(k), reorderedClone(v)]));
  if (value instanceof Set) return new Set(shuffled([...value]).map(reorderedClone));
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return (value as Uint8Array).slice();
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (value instanceof Money) return new Money(value.cents, value.currency);
  if (value instanceof Point) return new Point(reorderedClone(value.x), reorderedClone(value.y));
  const copy: object = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of shuffled(Object.keys(value))) defineData(copy, key, reorderedClone((value as Record<string, unknown>)[key]));
  return copy;
}

/**
 * The independent model of "equal arguments": a JSON-able tree that is equal
 * exactly when the values are. It shares no code with encodeArgs.
 */
function normalise(value: unknown): unknown {
  if (value === undefined) return ['undefined'];
  if (value === null) return ['null'];
  if (typeof value === 'number') return ['number', Object.is(value, -0) ? '0' : value.toString()];
  if (typeof value === 'string') return ['string', value];
  if (typeof value === 'boolean') return ['boolean', value];
  if (typeof value === 'bigint') return ['bigint', value.toString()];
  if (Array.isArray(value)) return ['array', ...value.map(normalise)];
  if (value instanceof Date) return ['date', normalise(value.getTime())];
  if (value instanceof Map) return ['map', ...[...value].map(([k, v]) => JSON.stringify([normalise(k), normalise(v)])).sort()];
  if (value instanceof Set) return ['set', ...[...value].map((v) => JSON.stringify(normalise(v))).sort()];
  if (ArrayBuffer.isView(value)) {
    return ['binary', value.constructor.name, ...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)];
  }
  if (value instanceof ArrayBuffer) return ['binary', 'ArrayBuffer', ...new Uint8Array(value)];
  if (value instanceof Money) return ['json', 'Money', normalise(value.toJSON())];
  const entries = Object.keys(value as object)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => [key, normalise((value as Record<string, unknown>)[key])]);
  return [value instanceof Point ? 'instance Point' : 'object', ...entries];
}

const fingerprint = (args: readonly unknown[]): string => JSON.stringify(args.map(normalise));

describe(`key fuzz (seed ${seed})`, () => {
  beforeAll(() => {
    console.log(`key-fuzz seed: ${seed} (rerun with KEY_FUZZ_SEED=${seed})`);
  });

  it(`encodeArgs is injective and stable over ${TUPLES} random tuples`, () => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const fingerprintOfKey = new Map<string, string>();
    const keyOfFingerprint = new Map<string, string>();
    const failures: string[] = [];
    let repeats = 0;
    let objectRepeats = 0;
    for (let n = 0; n < TUPLES && failures.length < 5; n++) {
      const args: unknown[] = [];
      for (let length = int(4); length > 0; length--) args.push(randomValue(3));
      const key = encodeArgs(args);
      const print = fingerprint(args);
      rememberKey(key);
      const holdsObjects = args.some((arg) => typeof arg === 'object' && arg !== null);

      const seenPrint = fingerprintOfKey.get(key);
      if (seenPrint === undefined) fingerprintOfKey.set(key, print);
      else if (seenPrint !== print) failures.push(`collision: ${seenPrint} and ${print} share key ${key}`);

      const seenKey = keyOfFingerprint.get(print);
      if (seenKey === undefined) keyOfFingerprint.set(print, key);
      else {
        repeats++;
        if (holdsObjects) objectRepeats++;
        if (seenKey !== key) failures.push(`unstable: ${print} gave ${seenKey} and ${key}`);
      }

      // Only tuples holding objects, Maps or Sets can be reordered.
      if (!holdsObjects) continue;
      const clone = reorderedClone(args) as unknown[];
      // Checking the test's own clone on a sample is enough and keeps the run short.
      if (n % 16 === 0 && fingerprint(clone) !== print) failures.push(`test bug: clone of ${print} is not equal`);
      const cloneKey = encodeArgs(clone);
      if (cloneKey !== key) failures.push(`order leaks: ${key} vs ${cloneKey} for ${print}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(2);
    console.log(
      `key-fuzz: ${TUPLES} tuples, ${keyOfFingerprint.size} distinct, ${repeats} repeats (${objectRepeats} holding objects), ${seconds}s wall, ${cpuSeconds}s CPU`,
    );

    expect(failures).toEqual([]);
    // Equal-but-separately-built tuples must have been exercised, not only unequal ones.
    expect(repeats).toBeGreaterThan(TUPLES / 20);
    expect(objectRepeats).toBeGreaterThan(TUPLES / 100);
  });

  it(`template user:{0}:{1} never merges two string pairs over ${TEMPLATE_PAIRS} random pairs`, () => {
    const render = compileKeyTemplate('user:{0}:{1}', ['a', 'b'], '@Cached key on Fuzz.pairs');
    const pairOfKey = new Map<string, string>();
    const failures: string[] = [];
    let repeats = 0;
    for (let n = 0; n < TEMPLATE_PAIRS && failures.length < 5; n++) {
      const pair = [randomString(), randomString()];
      const key = render(pair);
      const seen = pairOfKey.get(key);
      const print = JSON.stringify(pair);
      if (seen === undefined) pairOfKey.set(key, print);
      else if (seen !== print) failures.push(`collision: ${seen} and ${print} share key ${key}`);
      else repeats++;
      // The two values must be recoverable: exactly two unescaped ':' after the prefix.
      if (key.replace(/\\[\s\S]/g, '').split(':').length !== 3) failures.push(`separator leaked from ${print}: ${key}`);
    }
    expect(failures).toEqual([]);
    expect(repeats).toBeGreaterThan(0);
  });

  afterAll(() => {
    // `__proto__` keys from JSON.parse and defineProperty were read as data, never assigned through.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});
