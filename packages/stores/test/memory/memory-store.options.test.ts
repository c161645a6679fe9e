import { CacheConfigError } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';
import type { MemoryStoreOptions } from '@cachet/stores';

describe('MemoryStore options', () => {
  it('defaults to 10,000 entries without cloning', async () => {
    const store = new MemoryStore();
    expect(store.name).toBe('memory');
    await store.close();
  });

  it.each<[string, unknown, RegExp]>([
    ['maxEntries: 0 without maxSize (unbounded)', { maxEntries: 0 }, /grow without bound.*maxSize/],
    ['maxEntries: Infinity without maxSize (unbounded)', { maxEntries: Infinity }, /grow without bound/],
    ['a fractional maxEntries', { maxEntries: 1.5 }, /maxEntries must be a positive integer.*1\.5/],
    ['a negative maxEntries', { maxEntries: -1 }, /maxEntries must be a positive integer/],
    ['NaN maxEntries', { maxEntries: NaN }, /maxEntries must be a positive integer/],
    ['a string maxEntries', { maxEntries: '100' }, /maxEntries must be a positive integer/],
    ['a maxEntries larger than an array can be', { maxEntries: 2 ** 32 }, /up to 4294967295/],
    ['a fractional maxSize', { maxSize: 10.5 }, /maxSize must be a positive integer/],
    ['a zero maxSize', { maxSize: 0 }, /maxSize must be a positive integer/],
    ['sizeOf without maxSize', { sizeOf: () => 1 }, /sizeOf has no effect without maxSize/],
    ['a sizeOf that is not a function', { maxSize: 10, sizeOf: 5 }, /sizeOf must be a function/],
    ['a non-boolean clone', { clone: 'yes' }, /clone must be true or false/],
    ['an unknown option (a typo of maxEntries)', { max: 10 }, /unknown option 'max'.*maxEntries/],
    ['options that are not an object', 42, /must be an object/],
  ])('refuses %s with a CacheConfigError that says what to change', (_what, options, message) => {
    const create = () => new MemoryStore(options as MemoryStoreOptions);
    expect(create).toThrow(CacheConfigError);
    expect(create).toThrow(message);
  });

  it.each<[string, MemoryStoreOptions]>([
    ['a count bound', { maxEntries: 5 }],
    ['a size bound only', { maxEntries: 0, maxSize: 1_000 }],
    ['a size bound only, via Infinity', { maxEntries: Infinity, maxSize: 1_000 }],
    ['both bounds and a sizer', { maxEntries: 5, maxSize: 1_000, sizeOf: () => 1 }],
    ['cloning', { clone: true }],
  ])('accepts %s', async (_what, options) => {
    const store = new MemoryStore(options);
    await store.close();
  });
});
