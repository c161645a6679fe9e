import { runInNewContext } from 'node:vm';
import { CacheKeyError, encodeArgs } from '@cachet/core';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

class OtherPoint {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

class Money {
  constructor(
    private readonly cents: number,
    private readonly currency: string,
  ) {}
  toJSON(): unknown {
    return { amount: this.cents / 100, currency: this.currency };
  }
}

const same = (a: readonly unknown[], b: readonly unknown[]): void => expect(encodeArgs(a)).toBe(encodeArgs(b));
const differ = (a: readonly unknown[], b: readonly unknown[]): void => expect(encodeArgs(a)).not.toBe(encodeArgs(b));

describe('encodeArgs', () => {
  it('encodes zero arguments as the empty string, and undefined as something', () => {
    expect(encodeArgs([])).toBe('');
    differ([], [undefined]);
    differ([undefined], [undefined, undefined]);
  });

  it('takes the fast path for one string or number with the same result as the general path', () => {
    expect(encodeArgs(['a:b'])).toBe('s"a:b"');
    expect(encodeArgs([42])).toBe('d42');
    expect(encodeArgs([['a:b']])).toBe('A(s"a:b")');
    expect(encodeArgs(['x', 42])).toBe('s"x",d42');
  });

  it.each<[string, unknown, unknown]>([
    ['1 vs "1"', 1, '1'],
    ['null vs undefined', null, undefined],
    ['true vs "true"', true, 'true'],
    ['false vs 0', false, 0],
    ['1n vs 1', 1n, 1],
    ['1n vs "1"', 1n, '1'],
    ['"" vs undefined', '', undefined],
    ['NaN vs "NaN"', NaN, 'NaN'],
    ['Infinity vs -Infinity', Infinity, -Infinity],
    ['Date vs its time', new Date(5), 5],
    ['[] vs {}', [], {}],
    ['[1] vs 1', [1], 1],
    ['[1, 2] vs [2, 1]', [1, 2], [2, 1]],
    ['[[1], 2] vs [1, [2]]', [[1], 2], [1, [2]]],
    ['{a: undefined} vs {}', { a: undefined }, {}],
    ['Map vs object', new Map([['a', 1]]), { a: 1 }],
    ['Set vs array', new Set([1]), [1]],
    ['Buffer vs Uint8Array', Buffer.from([1]), new Uint8Array([1])],
    ['Uint8Array vs Int8Array', new Uint8Array([1]), new Int8Array([1])],
    ['ArrayBuffer vs Uint8Array', new Uint8Array([1]).buffer, new Uint8Array([1])],
    ['class vs plain object', new Point(1, 2), { x: 1, y: 2 }],
    ['two classes with equal fields', new Point(1, 2), new OtherPoint(1, 2)],
    ['toJSON result vs plain object', new Money(150, 'EUR'), { amount: 1.5, currency: 'EUR' }],
    ['new Number(1) vs 1', Object(1), 1],
    ['/a/ vs /b/', /a/, /b/],
    ['/a/g vs /a/', /a/g, /a/],
    ['strings differing in a NUL', 'a\0', 'a'],
    ['lone high vs lone low surrogate', '\uD800', '\uDC00'],
    ['escaped quote', '"', "'"],
  ])('distinguishes %s', (_name, a, b) => {
    differ([a], [b]);
    differ([a, 'tail'], [b, 'tail']);
  });

  it('does not let an argument boundary move', () => {
    differ(['a,s"b"'], ['a', 'b']);
    differ(['a', 'b'], ['a,b']);
    differ([[1, 2]], [1, 2]);
    differ([{ a: 1, b: 2 }], [{ a: '1,"b"=d2' }]);
  });

  it('treats equal values as equal', () => {
    same([-0], [0]);
    same([[-0]], [[0]]);
    same([NaN], [Number('x')]);
    same([{ a: 1, b: { c: 2, d: 3 } }], [{ b: { d: 3, c: 2 }, a: 1 }]);
    same([Object.assign(Object.create(null), { a: 1 })], [{ a: 1 }]);
    same([new Date(10)], [new Date(10)]);
    same([new Date(NaN)], [new Date('invalid')]);
    same([new Map<unknown, unknown>([['a', 1], [2, 'b']])], [new Map<unknown, unknown>([[2, 'b'], ['a', 1]])]);
    same([new Set([1, 'a', null])], [new Set([null, 'a', 1])]);
    same([Buffer.from('hi')], [Buffer.from('hi')]);
    same([new Point(1, 2)], [new Point(1, 2)]);
    same([new Money(150, 'EUR')], [new Money(150, 'EUR')]);
    same([[1, , 3]], [[1, undefined, 3]]);
  });

  it('orders Maps with look-alike keys by whole entries, so insertion order never shows', () => {
    const k1 = { id: 1 };
    const k2 = { id: 1 };
    same([new Map([[k1, 'a'], [k2, 'b']])], [new Map([[k2, 'b'], [k1, 'a']])]);
    same([new Map([[k1, 'a'], [k2, 'b']])], [new Map([[k1, 'b'], [k2, 'a']])]);
    differ([new Map([[k1, 'a'], [k2, 'b']])], [new Map([[k1, 'a'], [k2, 'a']])]);
  });

  it('encodes typed arrays by their own bytes, not the whole underlying buffer', () => {
    const big = new Uint8Array([9, 1, 2, 9]);
    same([big.subarray(1, 3)], [new Uint8Array([1, 2])]);
    expect(encodeArgs([Buffer.from([0xab, 0x01])])).toBe('B"Buffer"(ab01)');
    differ([new Float64Array([0])], [new Float64Array([1])]);
    differ([new DataView(new ArrayBuffer(2))], [new DataView(new ArrayBuffer(3))]);
  });

  it('reads __proto__ as data and mutates nothing', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const encoded = encodeArgs([parsed]);
    expect(encoded).toBe('O{"__proto__"=O{"polluted"=t},"a"=d1}');
    differ([parsed], [{ a: 1 }]);
    same([parsed], [JSON.parse('{"a": 1, "__proto__": {"polluted": true}}')]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('encodes strings with JSON so any character is self-delimited', () => {
    expect(encodeArgs(['a"b\0\uD800'])).toBe('s"a\\"b\\u0000\\ud800"');
    same(['\uD800\uDC00'], ['𐀀']);
  });

  it('starts every item with a type letter, never #', () => {
    const items: unknown[] = [undefined, null, true, false, 1, 1n, 's', new Date(0), [], {}, new Map(), new Set(),
      Buffer.from('x'), new ArrayBuffer(1), new Point(0, 0), new Money(1, 'X'), Object('s'), /r/];
    for (const item of items) expect(encodeArgs([item])).toMatch(/^[A-Za-z]/);
  });

  it('recognises plain objects, Dates, Maps and Sets from another realm (vm, jest sandboxes)', () => {
    const foreign = runInNewContext(
      '[{ b: 2, a: 1 }, new Date(5), new Map([["k", 1]]), new Set([1]), JSON.parse(\'{"__proto__": 1}\')]',
    ) as unknown[];
    same(foreign, [{ a: 1, b: 2 }, new Date(5), new Map([['k', 1]]), new Set([1]), JSON.parse('{"__proto__": 1}')]);
  });

  it('shares subobjects that are not cycles', () => {
    const shared = { a: 1 };
    expect(() => encodeArgs([[shared, shared], { x: shared, y: shared }])).not.toThrow();
  });

  describe('refuses what has no stable key', () => {
    const cycle: Record<string, unknown> = { name: 'a' };
    cycle.self = cycle;
    const nested: unknown[] = [];
    nested.push([nested]);
    class SelfJson {
      toJSON(): unknown {
        return this;
      }
    }
    it.each<[string, unknown[], RegExp]>([
      ['a function', [1, () => 1], /argument 1: args\[1\] is a function/],
      ['a symbol', [Symbol('s')], /argument 0: args\[0\] is a symbol/],
      ['a nested function', [{ user: { cb: () => 1 } }], /args\[0\]\.user\.cb is a function/],
      ['a function under an odd key', [{ 'a-b': () => 1 }], /args\[0\]\["a-b"\] is a function/],
      ['a symbol in an array', [[1, Symbol('s')]], /args\[0\]\[1\] is a symbol/],
      ['a function in a Map', [new Map([['a', () => 1]])], /args\[0\]<Map entry> is a function/],
      ['a cycle', [cycle], /args\[0\]\.self is a circular reference/],
      ['an array cycle', [nested], /args\[0\]\[0\]\[0\] is a circular reference/],
      ['a toJSON returning this', [new SelfJson()], /args\[0\]\.toJSON\(\) is a circular reference/],
      ['a Promise', [Promise.resolve(1)], /args\[0\] is a Promise/],
      ['a WeakMap', [new WeakMap()], /args\[0\] is a WeakMap/],
      ['a boxed symbol', [Object(Symbol('s'))], /is a symbol/],
    ])('%s', (_name, args, message) => {
      let thrown: unknown;
      try {
        encodeArgs(args);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CacheKeyError);
      expect((thrown as CacheKeyError).code).toBe('CACHET_KEY');
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).toMatch(/explicit `key` option/);
    });

    it('refuses runaway nesting with a CacheKeyError instead of a stack overflow', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 1000; i++) deep = [deep];
      expect(() => encodeArgs([deep])).toThrow(CacheKeyError);
    });

    it('lets an error thrown by a getter through unchanged', () => {
      const boom = new Error('boom');
      const obj = {
        get x(): number {
          throw boom;
        },
      };
      expect(() => encodeArgs([obj])).toThrow(boom);
    });
  });
});
