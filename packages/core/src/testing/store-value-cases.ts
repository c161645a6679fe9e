import assert from 'node:assert/strict';
import { testEntry } from './kit';
import type { StoreCase } from './store-case';
import { assertSameEntry } from './store-cases';

/**
 * Every value type a cached method may return. The non-JSON types are here
 * on purpose: a store outside the process must use a typed serializer, and a
 * cached `Date` that comes back as a string is a bug users find in production.
 */
const VALUES: ReadonlyArray<readonly [label: string, make: () => unknown]> = [
  ['a string', () => 'hello'],
  ['an empty string', () => ''],
  ['a unicode string', () => 'héllo wörld — 日本語 — 🚀👩‍💻'],
  ['a 100 KB string', () => 'x'.repeat(100_000)],
  ['zero', () => 0],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['MAX_SAFE_INTEGER', () => Number.MAX_SAFE_INTEGER],
  ['true', () => true],
  ['false', () => false],
  ['null', () => null],
  ['undefined', () => undefined],
  ['an empty object', () => ({})],
  ['an empty array', () => []],
  ['a nested object', () => ({ id: 1, name: 'Ada', profile: { langs: ['en', 'fr'], address: { city: 'London', zip: null } } })],
  ['an array of mixed values', () => [1, 'two', null, true, { three: 3 }, [4, [5]]]],
  ['a Date', () => new Date('2024-02-29T12:34:56.789Z')],
  ['a BigInt', () => 12_345_678_901_234_567_890n],
  ['a negative BigInt', () => -42n],
  ['a Map', () => new Map<unknown, unknown>([['a', 1], ['b', { c: [2] }], [3, 'three']])],
  ['a Set', () => new Set<unknown>([1, 'two', 3])],
  ['a Buffer', () => Buffer.from([0, 1, 2, 127, 128, 255])],
  ['a Uint8Array', () => new Uint8Array([0, 1, 2, 255])],
  [
    'non-JSON values nested in objects and arrays',
    () => ({
      at: new Date(0),
      big: 2n ** 64n,
      roles: new Set(['admin']),
      byId: new Map([['u1', { since: new Date('2020-01-01T00:00:00.000Z') }]]),
      bytes: Buffer.from('hi'),
      list: [new Date(1), 1n, new Map([[1, new Set([2])]])],
    }),
  ],
];

/** Values of every supported type, and entry metadata, round-trip unchanged. */
export const VALUE_CASES: readonly StoreCase[] = [
  ...VALUES.map(([label, make]): StoreCase => [
    `round-trips ${label}`,
    async ({ open, key }) => {
      const store = await open();
      const entry = testEntry(make());
      await store.set(key('v'), entry);
      const got = await store.get(key('v'));
      // A fresh copy as the expectation: deepStrictEqual also compares prototypes (a Buffer is not a Uint8Array).
      assertSameEntry(got, testEntry(make(), { now: entry.createdAt }), label);
      assert.equal(await store.has(key('v')), true, `${label}: has()`);
    },
  ]),
  ['round-trips every value type through setMany() and getMany()', async ({ open, key }) => {
    const store = await open();
    const now = Date.now();
    await store.setMany(VALUES.map(([label, make]) => [key(label), testEntry(make(), { now })] as const));
    const got = await store.getMany(VALUES.map(([label]) => key(label)));
    VALUES.forEach(([label, make], i) => assertSameEntry(got[i], testEntry(make(), { now }), label));
  }],
  ['a cached undefined or null is a hit, not a miss', async ({ open, key }) => {
    const store = await open();
    await store.set(key('undefined'), testEntry(undefined));
    await store.set(key('null'), testEntry(null));
    const [u, n] = await store.getMany([key('undefined'), key('null')]);
    assert.ok(u !== undefined && u.value === undefined, 'cached undefined');
    assert.ok(n !== undefined && n.value === null, 'cached null');
    assert.equal(await store.has(key('undefined')), true);
  }],
  ['entry metadata (expiresAt, staleUntil, tags, createdAt) round-trips', async ({ open, key }) => {
    const store = await open();
    const createdAt = Date.now() - 1_234;
    const entry = { value: 'v', createdAt, expiresAt: createdAt + 5_000, staleUntil: createdAt + 65_000, tags: ['users', 'user:1', 'ünï:*'] };
    await store.set(key('meta'), entry);
    assertSameEntry(await store.get(key('meta')), entry);
    const untagged = testEntry('v', { tags: [] });
    await store.set(key('untagged'), untagged);
    assertSameEntry(await store.get(key('untagged')), untagged);
  }],
];
