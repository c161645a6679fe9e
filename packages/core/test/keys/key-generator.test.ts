import { createHash } from 'node:crypto';
import {
  CacheConfigError,
  CacheKeyError,
  DefaultKeyGenerator,
  defaultKeyGenerator,
  encodeArgs,
  escapeKeyPart,
  type KeyContext,
  type KeyGenerator,
} from '@cachet/core';

const context = (args: unknown[], methodName = 'getUser'): KeyContext => ({
  className: 'UserService',
  methodName,
  args,
  instance: undefined,
});

describe('DefaultKeyGenerator', () => {
  it('builds <method>:<escaped encoding>', () => {
    expect(defaultKeyGenerator.generate(context(['u1']))).toBe('getUser:s"u1"');
    expect(defaultKeyGenerator.generate(context([1, 'a:b']))).toBe(`getUser:${escapeKeyPart(encodeArgs([1, 'a:b']))}`);
    expect(defaultKeyGenerator.generate(context(['a*']))).toBe('getUser:s"a\\*"');
    expect(defaultKeyGenerator.generate(context([]))).toBe('getUser:');
  });

  it('keeps type distinctions in the key', () => {
    const keys = [[1], ['1'], [null], [undefined], [true], ['true'], []].map((args) =>
      defaultKeyGenerator.generate(context(args)),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('separates methods but not instances (the class namespace is the caller’s)', () => {
    expect(defaultKeyGenerator.generate(context([1], 'a'))).not.toBe(defaultKeyGenerator.generate(context([1], 'b')));
    expect(defaultKeyGenerator.generate({ ...context([1]), instance: {} })).toBe(defaultKeyGenerator.generate(context([1])));
  });

  it('hashes an escaped encoding longer than maxLength to # + SHA-256 base64url of the raw encoding', () => {
    const generator = new DefaultKeyGenerator({ maxLength: 16 });
    const long = 'x'.repeat(40);
    const expected = createHash('sha256').update(encodeArgs([long])).digest('base64url');
    expect(generator.generate(context([long]))).toBe(`getUser:#${expected}`);
    expect(generator.generate(context([long]))).toMatch(/^getUser:#[A-Za-z0-9_-]{43}$/);
    expect(generator.generate(context([long + 'y']))).not.toBe(generator.generate(context([long])));
  });

  it('hashes at the boundary, counting the escaped length', () => {
    const generator = new DefaultKeyGenerator({ maxLength: 16 });
    expect(generator.generate(context(['a'.repeat(13)]))).toBe(`getUser:s"${'a'.repeat(13)}"`); // 16 chars
    expect(generator.generate(context(['a'.repeat(14)]))).toMatch(/^getUser:#/); // 17 chars
    // 13 characters raw, 16 + escapes once escaped: hashed although the raw text fits.
    expect(generator.generate(context([':'.repeat(11)]))).toMatch(/^getUser:#/);
  });

  it('uses 200 as the default limit', () => {
    expect(defaultKeyGenerator.maxLength).toBe(200);
    expect(defaultKeyGenerator.generate(context(['a'.repeat(197)]))).not.toMatch(/#/);
    expect(defaultKeyGenerator.generate(context(['a'.repeat(198)]))).toMatch(/^getUser:#/);
  });

  it('hashes lone surrogates without merging them (the encoding escapes them before UTF-8)', () => {
    const generator = new DefaultKeyGenerator({ maxLength: 16 });
    const pad = 'p'.repeat(20);
    expect(generator.generate(context([pad + '\uD800']))).not.toBe(generator.generate(context([pad + '\uDBFF'])));
  });

  it.each([0, 15, 16.5, NaN, Infinity, -1])('rejects maxLength %p with a CacheConfigError', (maxLength) => {
    expect(() => new DefaultKeyGenerator({ maxLength })).toThrow(CacheConfigError);
    expect(() => new DefaultKeyGenerator({ maxLength })).toThrow(/maxLength must be an integer of at least 16/);
  });

  it('names the class and method when an argument cannot be encoded', () => {
    const run = (): string => defaultKeyGenerator.generate(context([() => 1]));
    expect(run).toThrow(CacheKeyError);
    expect(run).toThrow(/^UserService\.getUser: cannot build a cache key from argument 0: args\[0\] is a function/);
  });

  it('is pluggable through the KeyGenerator interface', () => {
    const byId: KeyGenerator = { generate: ({ methodName, args }) => `${methodName}:${String(args[0])}` };
    expect(byId.generate(context([7]))).toBe('getUser:7');
  });
});
