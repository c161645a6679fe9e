import { parseDuration, CacheConfigError } from '@cachet/core';

describe('parseDuration', () => {
  it.each([
    [0, 0],
    [1500, 1500],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    [' 2m 30s ', 150_000],
  ])('%p is %p ms', (input, expected) => {
    expect(parseDuration(input, 'ttl')).toBe(expected);
  });

  it.each(['abc', '', '5', '5 minutes', '-1s', '1w', 'ms'])('refuses %p with a CacheConfigError naming the option', (input) => {
    expect(() => parseDuration(input, '@Cached ttl on A.b')).toThrow(CacheConfigError);
    expect(() => parseDuration(input, '@Cached ttl on A.b')).toThrow(/@Cached ttl on A\.b/);
  });

  it.each([-1, Number.NaN, Infinity, null, undefined, {}, true])('refuses %p', (input) => {
    expect(() => parseDuration(input, 'ttl')).toThrow(CacheConfigError);
  });
});
