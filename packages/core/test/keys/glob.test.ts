import { escapeKeyPart } from '@cachet/core';
import { globToRegExp, toStoreGlob } from '../../src/keys/glob';

describe('globToRegExp (Redis SCAN MATCH semantics)', () => {
  it.each([
    ['users:*', 'users:1', true],
    ['users:*', 'user:1', false],
    ['u?er', 'user', true],
    ['u?er', 'uer', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
  ])('%s matches %s: %s', (glob, key, expected) => {
    expect(globToRegExp(glob).test(key)).toBe(expected);
  });
});

describe('toStoreGlob', () => {
  it('matches only the literal value a user escaped', () => {
    const stored = `users:user:${escapeKeyPart('*')}`;
    const other = `users:user:${escapeKeyPart('alice')}`;
    const glob = globToRegExp(toStoreGlob(`users:user:${escapeKeyPart('*')}`));
    expect(glob.test(stored)).toBe(true);
    expect(glob.test(other)).toBe(false);
  });

  it('keeps unescaped wildcards as wildcards', () => {
    const glob = globToRegExp(toStoreGlob(`users:user:${escapeKeyPart('a:b')}*`));
    expect(glob.test(`users:user:${escapeKeyPart('a:b')}`)).toBe(true);
    expect(glob.test(`users:user:${escapeKeyPart('a:bc')}`)).toBe(true);
    expect(glob.test(`users:user:${escapeKeyPart('a')}`)).toBe(false);
  });
});
