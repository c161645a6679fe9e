import assert from 'node:assert/strict';
import type { CacheStore } from '../contracts/cache-store';
import type { TagIndex } from '../contracts/tag-index';
import { testEntry } from './kit';
import type { TagIndexCase, TagIndexCaseContext } from './tag-index-case';

/** An invalidation that a load's write must not undo, as each case runs it. */
type Invalidation = (ctx: TagIndexCaseContext, store: CacheStore, index: TagIndex) => Promise<unknown>;

const INVALIDATIONS: ReadonlyArray<readonly [what: string, run: Invalidation]> = [
  ['delete() of its key', ({ key }, store, index) => index.delete(store, [key('guarded')])],
  ['invalidate() of one of its tags', ({ tag }, store, index) => index.invalidate(store, [tag('second')])],
  ['revoke() of a pattern matching it', ({ ns }, store, index) => index.revoke(store, `${ns}:guard*`)],
  ['clear()', (_ctx, store, index) => index.clear(store)],
];

/**
 * The write guard: a load that began before an invalidation must not write
 * its (possibly stale) result back; one that began after must succeed.
 */
export const GUARD_CASES: readonly TagIndexCase[] = [
  ...INVALIDATIONS.flatMap(([what, invalidate]): TagIndexCase[] => [
    [`a token taken before ${what} refuses the write and leaves nothing`, async (ctx) => {
      const { store, index } = await ctx.open();
      await index.write(store, ctx.key('guarded'), testEntry('old', { tags: [ctx.tag('first'), ctx.tag('second')] }));
      const token = await index.begin();
      await invalidate(ctx, store, index);
      const written = await index.write(store, ctx.key('guarded'), testEntry('stale', { tags: [ctx.tag('first'), ctx.tag('second')] }), token);
      assert.equal(written, false, 'write() resolves false');
      assert.equal(await store.get(ctx.key('guarded')), undefined, 'nothing in the store');
      assert.deepStrictEqual(await index.tagsForKey(ctx.key('guarded')), [], 'nothing in the index');
      assert.deepStrictEqual(await index.keysForTag(ctx.tag('first')), []);
    }],
    [`a token taken after ${what} lets the write through`, async (ctx) => {
      const { store, index } = await ctx.open();
      await index.write(store, ctx.key('guarded'), testEntry('old', { tags: [ctx.tag('first'), ctx.tag('second')] }));
      await invalidate(ctx, store, index);
      const token = await index.begin();
      const written = await index.write(store, ctx.key('guarded'), testEntry('fresh', { tags: [ctx.tag('first'), ctx.tag('second')] }), token);
      assert.equal(written, true, 'write() resolves true');
      assert.equal((await store.get(ctx.key('guarded')))?.value, 'fresh');
      assert.deepStrictEqual(await index.keysForTag(ctx.tag('first')), [ctx.key('guarded')]);
    }],
  ]),
  ['a write without a token is unconditional, even right after an invalidation', async ({ open, key, tag }) => {
    const { store, index } = await open();
    await index.begin();
    await index.invalidate(store, [tag('t')]);
    await index.delete(store, [key('a')]);
    assert.equal(await index.write(store, key('a'), testEntry('forced', { tags: [tag('t')] })), true);
    assert.equal((await store.get(key('a')))?.value, 'forced');
    assert.deepStrictEqual(await index.keysForTag(tag('t')), [key('a')]);
  }],
  ['a token with no invalidation since lets the write through', async ({ open, key, tag }) => {
    const { store, index } = await open();
    const token = await index.begin();
    assert.equal(await index.write(store, key('a'), testEntry(1, { tags: [tag('t')] }), token), true);
    assert.equal(await index.write(store, key('a'), testEntry(2, { tags: [tag('t')] }), token), true, 'a token can be used more than once');
    assert.equal((await store.get(key('a')))?.value, 2);
  }],
];
