import { CacheConfigError, CacheKeyError, encodeArgs, escapeKeyPart } from '@cachet/core';
import { globToRegExp, toStoreGlob } from '../../src/keys/glob';
import { compileKeyTemplate, renderKeyValue } from '../../src/keys/template';

const WHERE = '@Cached key on UserService.getUser';
const render = (template: string, args: unknown[], names: string[] = ['id', 'opts']): string =>
  compileKeyTemplate(template, names, WHERE)(args);

describe('compileKeyTemplate', () => {
  describe('placeholders', () => {
    it('renders positional arguments', () => {
      expect(render('user:{0}', [42])).toBe('user:42');
      expect(render('{1}-{0}', ['a', 'b'])).toBe('b-a');
    });

    it('renders parameter names through the names known at compile time', () => {
      expect(render('user:{id}:{opts}', ['u1', 'x'])).toBe('user:u1:x');
      expect(render('user:{opts.page}', ['u1', { page: 3 }])).toBe('user:3');
    });

    it('follows property paths, including array indexes and getters', () => {
      const user = {
        id: 7,
        tags: ['a', 'b'],
        get upper(): string {
          return 'X';
        },
      };
      expect(render('{0.id}', [user])).toBe('7');
      expect(render('{0.tags.1}', [user])).toBe('b');
      expect(render('{0.upper}', [user])).toBe('X');
      expect(render('{0.a.b.c}', [{ a: { b: { c: 'deep' } } }])).toBe('deep');
      expect(render('{0.length}', ['abc'])).toBe('3');
      expect(render('{0.size}', [new Map([[1, 1]])])).toBe('1');
    });

    it('renders undefined for missing arguments and missing path steps', () => {
      const undef = '~' + escapeKeyPart(encodeArgs([undefined]));
      expect(render('{5}', [1])).toBe(undef);
      expect(render('{0.a.b}', [{}])).toBe(undef);
      expect(render('{0.a.b}', [{ a: null }])).toBe(undef);
      expect(render('{0.a}', [null])).toBe(undef);
    });

    it('keeps literal text verbatim and renders a template without placeholders as itself', () => {
      expect(render('all-users', [1])).toBe('all-users');
      expect(render('', [1])).toBe('');
      expect(render('a.b {0} c', [1])).toBe('a.b 1 c');
    });

    it('ignores destructured (unnamed) positions when resolving names', () => {
      expect(compileKeyTemplate('{name}', ['', 'name'], WHERE)(['x', 'y'])).toBe('y');
    });
  });

  describe('rendering values', () => {
    it('renders numbers, bigints and booleans as plain text, equal to their string form on purpose', () => {
      expect(render('user:{0}', [42])).toBe(render('user:{0}', ['42']));
      expect(render('{0}', [42n])).toBe('42');
      expect(render('{0}', [true])).toBe('true');
      expect(render('{0}', [-0])).toBe('0');
    });

    it('escapes strings so they cannot look like separators, wildcards or encodings', () => {
      expect(render('user:{0}', ['a:b'])).toBe('user:a\\:b');
      expect(render('{0}', ['*?[]\\~'])).toBe('\\*\\?\\[\\]\\\\\\~');
      expect(render('user:{0}:{1}', ['a:b', 'c'])).not.toBe(render('user:{0}:{1}', ['a', 'b:c']));
    });

    it('renders everything else as ~ + the escaped stable encoding', () => {
      expect(render('{0}', [null])).toBe('~n');
      expect(render('{0}', [undefined])).toBe('~u');
      expect(render('{0}', [{ b: 1, a: 'x:y' }])).toBe('~' + escapeKeyPart(encodeArgs([{ a: 'x:y', b: 1 }])));
      expect(render('{0}', [[1, 2]])).toBe('~A(d1,d2)');
      expect(render('{0}', [new Date(0)])).toBe('~D0');
      expect(render('{0}', [null])).not.toBe(render('{0}', ['null']));
      expect(render('{0}', [null])).not.toBe(render('{0}', ['~n']));
      expect(render('{0}', ['~n'])).toBe('\\~n');
    });

    it('renders a string with a lone surrogate through the encoding, so UTF-8 stores keep it distinct', () => {
      expect(renderKeyValue('a\uD800')).toBe('~s"a\\\\ud800"');
      expect(renderKeyValue('a\uD800')).not.toBe(renderKeyValue('a\uDBFF'));
      expect(renderKeyValue('\uD83D\uDE00')).toBe('\uD83D\uDE00');
    });

    it('never lets a value widen a revoke pattern built from its escaped form', () => {
      const key = (value: string): string => render('user:{0}', [value]);
      const exact = globToRegExp(toStoreGlob(`user:${escapeKeyPart('a*')}`));
      expect(exact.test(key('a*'))).toBe(true);
      expect(exact.test(key('abc'))).toBe(false);
      const prefix = globToRegExp(toStoreGlob(`user:${escapeKeyPart('a:')}*`));
      expect(prefix.test(key('a:1'))).toBe(true);
      expect(prefix.test(key('ab'))).toBe(false);
      expect(prefix.test(render('user:{0}:{1}', ['a', '1']))).toBe(false);
    });

    it('throws a CacheKeyError naming the method and placeholder for values with no stable key', () => {
      const run = (): string => render('user:{0.cb}', [{ cb: () => 1 }]);
      expect(run).toThrow(CacheKeyError);
      expect(run).toThrow(/@Cached key on UserService\.getUser: cannot render \{0\.cb\}: \{0\.cb\} is a function/);
    });
  });

  describe('validation at compile time', () => {
    it.each<[string, string, RegExp]>([
      ['an unknown parameter name', 'user:{idd}', /unknown parameter 'idd'.*the parameters are id, opts/],
      ['an unknown name on a path', 'user:{user.id}', /unknown parameter 'user'/],
      ['an unbalanced {', 'user:{0', /unbalanced '\{' at position 5/],
      ['a { inside a placeholder', 'user:{0{1}}', /unbalanced '\{'/],
      ['an unbalanced }', 'user:0}', /unbalanced '\}' at position 6/],
      ['an empty placeholder', 'user:{}', /empty placeholder/],
      ['a blank placeholder', 'user:{ }', /empty placeholder/],
      ['an empty path segment', '{0..id}', /malformed placeholder \{0\.\.id\}/],
      ['a trailing dot', '{0.}', /malformed placeholder/],
      ['spaces in a placeholder', '{ 0 }', /malformed placeholder/],
      ['an expression', '{0+1}', /malformed placeholder/],
      ['bracket indexing', '{0[1]}', /malformed placeholder/],
      ['a huge index', '{99999999999999999999}', /too large/],
    ])('rejects %s', (_name, template, message) => {
      const compile = (): unknown => compileKeyTemplate(template, ['id', 'opts'], WHERE);
      expect(compile).toThrow(CacheConfigError);
      expect(compile).toThrow(message);
      expect(compile).toThrow(WHERE);
      expect(compile).toThrow(`'${template}'`);
    });

    it('says when no parameter names are known', () => {
      expect(() => compileKeyTemplate('{id}', [], WHERE)).toThrow(/no parameter names are known/);
    });

    it('allows an index beyond the declared parameters', () => {
      expect(() => compileKeyTemplate('{3}', ['id'], WHERE)).not.toThrow();
    });
  });
});
