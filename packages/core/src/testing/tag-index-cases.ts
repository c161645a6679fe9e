import assert from 'node:assert/strict';
import { sorted, testEntry } from './kit';
import type { TagIndexCase } from './tag-index-case';

/** Recording tags, and removing entries by key, tag, pattern and wholesale. */
export const INDEX_CASES: readonly TagIndexCase[] = [
  ['has a non-empty name', async ({ open }) => {
    const { index } = await open();
    assert.equal(typeof index.name, 'string');
    assert.ok(index.name.length > 0);
  }],
  ['write() without a token stores the entry and records its tags', async ({ open, key, tag }) => {
    const { store, index } = await open();
    assert.equal(await index.write(store, key('a'), testEntry('A', { tags: [tag('users'), tag('user:1')] })), true);
    assert.equal((await store.get(key('a')))?.value, 'A');
    assert.deepStrictEqual(await index.keysForTag(tag('users')), [key('a')]);
    assert.deepStrictEqual(sorted(await index.tagsForKey(key('a'))), sorted([tag('users'), tag('user:1')]));
  }],
  ['unknown tags and keys read as empty', async ({ open, key, tag }) => {
    const { index } = await open();
    assert.deepStrictEqual(await index.keysForTag(tag('none')), []);
    assert.deepStrictEqual(await index.tagsForKey(key('none')), []);
    assert.deepStrictEqual(await index.listTags(tag('')), []);
  }],
  ['listTags() lists every tag with keys, optionally only those with a prefix', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.write(store, key('a'), testEntry(1, { tags: [tag('users'), tag('user:1')] }));
    await index.write(store, key('b'), testEntry(2, { tags: [tag('users'), tag('user:2')] }));
    await index.write(store, key('c'), testEntry(3, { tags: [tag('posts')] }));
    const all = await index.listTags();
    for (const t of [tag('users'), tag('user:1'), tag('user:2'), tag('posts')]) assert.ok(all.includes(t), `listTags() includes ${t}`);
    assert.equal(new Set(all).size, all.length, 'listTags() has no duplicates');
    assert.deepStrictEqual(sorted(await index.listTags(tag('user'))), sorted([tag('users'), tag('user:1'), tag('user:2')]));
    assert.deepStrictEqual(sorted(await index.listTags(tag('user:'))), sorted([tag('user:1'), tag('user:2')]));
  }],
  ['rewriting a key with other tags moves it between tags', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.write(store, key('a'), testEntry(1, { tags: [tag('old'), tag('kept')] }));
    await index.write(store, key('a'), testEntry(2, { tags: [tag('new'), tag('kept')] }));
    assert.deepStrictEqual(await index.keysForTag(tag('old')), []);
    assert.deepStrictEqual(await index.keysForTag(tag('new')), [key('a')]);
    assert.deepStrictEqual(sorted(await index.tagsForKey(key('a'))), sorted([tag('new'), tag('kept')]));
    assert.ok(!(await index.listTags(tag(''))).includes(tag('old')), 'a tag without keys is not listed');
    assert.equal(await index.invalidate(store, [tag('old')]), 0, 'the old tag no longer reaches the key');
    assert.equal((await store.get(key('a')))?.value, 2);
  }],
  ['invalidate() removes exactly the tagged entries from store and index, and counts them', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.write(store, key('u1'), testEntry(1, { tags: [tag('users'), tag('user:1')] }));
    await index.write(store, key('u2'), testEntry(2, { tags: [tag('users'), tag('user:2')] }));
    await index.write(store, key('p1'), testEntry(3, { tags: [tag('posts')] }));
    await index.write(store, key('plain'), testEntry(4));
    assert.equal(await index.invalidate(store, [tag('users')]), 2);
    assert.deepStrictEqual(await store.getMany([key('u1'), key('u2')]), [undefined, undefined]);
    assert.equal((await store.get(key('p1')))?.value, 3);
    assert.equal((await store.get(key('plain')))?.value, 4);
    assert.deepStrictEqual(await index.keysForTag(tag('users')), []);
    assert.deepStrictEqual(await index.keysForTag(tag('user:1')), [], 'other tags of removed keys forget them too');
    assert.deepStrictEqual(await index.tagsForKey(key('u1')), []);
    assert.deepStrictEqual(await index.keysForTag(tag('posts')), [key('p1')]);
    assert.deepStrictEqual(sorted(await index.listTags(tag(''))), [tag('posts')]);
  }],
  ['invalidate() of several tags counts an entry carrying more than one of them once', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.write(store, key('a'), testEntry(1, { tags: [tag('x'), tag('y')] }));
    await index.write(store, key('b'), testEntry(2, { tags: [tag('y')] }));
    await index.write(store, key('c'), testEntry(3, { tags: [tag('z')] }));
    assert.equal(await index.invalidate(store, [tag('x'), tag('y'), tag('unknown')]), 2);
    assert.equal((await store.get(key('c')))?.value, 3);
    assert.equal(await index.invalidate(store, []), 0);
  }],
  ['delete() removes keys from store and index and counts those that existed', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.write(store, key('a'), testEntry(1, { tags: [tag('t')] }));
    await index.write(store, key('b'), testEntry(2, { tags: [tag('t')] }));
    assert.equal(await index.delete(store, [key('a'), key('missing')]), 1);
    assert.equal(await store.get(key('a')), undefined);
    assert.deepStrictEqual(await index.keysForTag(tag('t')), [key('b')]);
    assert.deepStrictEqual(await index.tagsForKey(key('a')), []);
  }],
  ['revoke() removes only the keys matching the pattern', async ({ open, key, tag, ns }) => {
    const { store, index } = await open();
    for (const name of ['user:1', 'user:2', 'user:10', 'post:1', 'user*']) {
      await index.write(store, key(name), testEntry(name, { tags: [tag(name)] }));
    }
    assert.equal(await index.revoke(store, `${ns}:user:?`), 2);
    assert.deepStrictEqual(await store.getMany([key('user:1'), key('user:2')]), [undefined, undefined]);
    assert.equal((await store.get(key('user:10')))?.value, 'user:10');
    assert.deepStrictEqual(await index.keysForTag(tag('user:1')), []);
    assert.deepStrictEqual(await index.keysForTag(tag('user:10')), [key('user:10')]);
    assert.equal(await index.revoke(store, `${ns}:user\\*`), 1, 'an escaped * matches only the literal key');
    assert.equal((await store.get(key('user:10')))?.value, 'user:10');
    assert.equal(await index.revoke(store, `${ns}:nothing:*`), 0);
  }],
  ['clear() empties the store and the index', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.write(store, key('a'), testEntry(1, { tags: [tag('t')] }));
    await index.write(store, key('b'), testEntry(2));
    await index.clear(store);
    assert.deepStrictEqual(await store.getMany([key('a'), key('b')]), [undefined, undefined]);
    assert.deepStrictEqual(await index.keysForTag(tag('t')), []);
    assert.deepStrictEqual(await index.listTags(tag('')), []);
    assert.equal(await index.write(store, key('c'), testEntry(3, { tags: [tag('t')] })), true, 'usable after clear');
    assert.deepStrictEqual(await index.keysForTag(tag('t')), [key('c')]);
  }],
  ['forget() drops keys from the index but leaves the store alone', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.write(store, key('a'), testEntry(1, { tags: [tag('t')] }));
    await index.write(store, key('b'), testEntry(2, { tags: [tag('t')] }));
    await index.forget([key('a'), key('missing')]);
    assert.deepStrictEqual(await index.keysForTag(tag('t')), [key('b')]);
    assert.deepStrictEqual(await index.tagsForKey(key('a')), []);
    assert.equal((await store.get(key('a')))?.value, 1);
  }],
];
