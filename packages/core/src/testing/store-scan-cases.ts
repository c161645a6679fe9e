import assert from 'node:assert/strict';
import { collectScan, testEntry } from './kit';
import type { StoreCase } from './store-case';

/** scan(): glob semantics (as Redis SCAN MATCH), batching, and no foreign keys. */
export const SCAN_CASES: readonly StoreCase[] = [
  ['scan() returns exactly the keys matching *, ?, [..] and escaped patterns', async ({ open, key, ns }) => {
    const store = await open();
    const names = ['user:1', 'user:2', 'user:10', 'user:a', 'post:1', 'a*b', 'axb', 'b*b'];
    await store.setMany(names.map((name) => [key(name), testEntry(name)] as const));
    const expectations: ReadonlyArray<readonly [pattern: string, matches: string[]]> = [
      ['*', names],
      ['user:*', ['user:1', 'user:2', 'user:10', 'user:a']],
      ['user:?', ['user:1', 'user:2', 'user:a']],
      ['user:[12]', ['user:1', 'user:2']],
      ['user:[^12]', ['user:a']],
      ['user:[0-9]*', ['user:1', 'user:2', 'user:10']],
      ['[ab]*b', ['a*b', 'axb', 'b*b']],
      ['a\\*b', ['a*b']],
      ['post:1', ['post:1']],
      ['nothing:*', []],
    ];
    for (const [pattern, matches] of expectations) {
      const got = await collectScan(store.scan(`${ns}:${pattern}`));
      assert.deepStrictEqual(got, matches.map((name) => key(name)).sort(), `scan('${ns}:${pattern}')`);
    }
  }],
  ['scan() yields every key of a large set, in batches of arrays', async ({ open, key, ns }) => {
    const store = await open();
    const count = 1_500;
    const keys = Array.from({ length: count }, (_, i) => key(`bulk:${i}`));
    await store.setMany(keys.map((k) => [k, testEntry(0)] as const));
    let batches = 0;
    const seen = new Set<string>();
    for await (const batch of store.scan(`${ns}:bulk:*`)) {
      assert.ok(Array.isArray(batch), 'each batch is an array');
      batches++;
      for (const k of batch) seen.add(k);
    }
    assert.equal(seen.size, count);
    assert.ok(batches >= 1);
  }],
  ['scan() does not return deleted or cleared keys', async ({ open, key, ns }) => {
    const store = await open();
    await store.setMany([[key('a'), testEntry(1)], [key('b'), testEntry(2)]]);
    await store.delete([key('a')]);
    assert.deepStrictEqual(await collectScan(store.scan(`${ns}:*`)), [key('b')]);
    await store.clear();
    assert.deepStrictEqual(await collectScan(store.scan(`${ns}:*`)), []);
  }],
  ['scan() of one store never returns keys of a store with another prefix', async ({ open, key, ns }) => {
    const mine = await open();
    const theirs = await open();
    await mine.set(key('mine'), testEntry(1));
    await theirs.set(key('theirs'), testEntry(2));
    assert.deepStrictEqual(await collectScan(mine.scan(`${ns}:*`)), [key('mine')]);
  }],
];
