import { parameterNames } from '../../src/keys/param-names';

/** Builds a function from source text, as another compiler target might emit it. */
const fromSource = (source: string): Function => new Function(`return (${source});`)() as Function;

class Service {
  async getUser(id: string, opts: { fresh?: boolean } = {}, ...rest: unknown[]): Promise<unknown> {
    return [id, opts, rest];
  }
  list(page: number, size: number): unknown {
    return [page, size];
  }
  noArgs(): unknown {
    return 1;
  }
  withDefaults(a = Math.max(1, (2)), b = 'x,)(', c = `t${'('}`, d = [1, 2], e = { k: ')' }, f = /\)/.source): unknown {
    return [a, b, c, d, e, f];
  }
  destructured({ id }: { id: string }, [first]: string[], named: number): unknown {
    return [id, first, named];
  }
  commented(a: number /* the (first), one */, /* b */ b: number, // trailing, )
    c: number): unknown {
    return [a, b, c];
  }
  *generator(x: number): Generator<number> {
    yield x;
  }
  async *asyncGenerator(y: number): AsyncGenerator<number> {
    yield y;
  }
  ['computed-(name)'](q: number): unknown {
    return q;
  }
  static staticMethod(s: number, t: number): unknown {
    return [s, t];
  }
  $dollar_1(ü: number, $: number, _x: number): unknown {
    return [ü, $, _x];
  }
}

describe('parameterNames', () => {
  const proto = Service.prototype as unknown as Record<string, Function>;

  it.each<[string, Function, string[]]>([
    ['an async method with a default and a rest param', proto.getUser, ['id', 'opts', 'rest']],
    ['a plain method', proto.list, ['page', 'size']],
    ['a method without params', proto.noArgs, []],
    ['defaults with parentheses, commas, strings, templates and regexes', proto.withDefaults, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['destructured params as empty names', proto.destructured, ['', '', 'named']],
    ['comments between params', proto.commented, ['a', 'b', 'c']],
    ['a generator method', proto.generator, ['x']],
    ['an async generator method', proto.asyncGenerator, ['y']],
    ['a computed name holding parentheses', proto['computed-(name)'], ['q']],
    ['a static method', Service.staticMethod, ['s', 't']],
    ['unicode and $ identifiers', proto.$dollar_1, ['ü', '$', '_x']],
    ['a function expression', function named(a: number, b: number) { return a + b; }, ['a', 'b']],
    ['an anonymous function', fromSource('function (a, b) { return a; }'), ['a', 'b']],
    ['an arrow with parentheses', (a: number, b: number) => a + b, ['a', 'b']],
    ['an arrow without parentheses', fromSource('a => a'), ['a']],
    ['an async arrow without parentheses', fromSource('async a => a'), ['a']],
    ['an async arrow with parentheses', fromSource('async (a, b = 1) => a'), ['a', 'b']],
    ['a method named async', fromSource('{ async(m, n) { return m; } }.async'), ['m', 'n']],
    ['ES5 output with defaults moved into the body', fromSource('function (a, b) { if (b === void 0) { b = 1; } }'), ['a', 'b']],
    ['a trailing comma', fromSource('function (a, b,) {}'), ['a', 'b']],
    ['a default holding an arrow with a body', fromSource('function (a = (x) => { return x / 2; }, b) {}'), ['a', 'b']],
    ['a default with a nested template', fromSource('function (a = `${`}`}`, b) {}'), ['a', 'b']],
    ['a rest param with a space', fromSource('function (a, ... rest) {}'), ['a', 'rest']],
    ['a native function', Math.max, []],
    ['a bound function', proto.list.bind(null), []],
    ['a class', Service, []],
  ])('reads %s', (_name, fn, expected) => {
    expect(parameterNames(fn)).toEqual(expected);
  });
});
