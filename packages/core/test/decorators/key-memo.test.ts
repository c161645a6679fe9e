import { CacheModule, Cached } from '@cachet/core';
import { KeyMemo } from '../../src/decorators/key-memo';
import { DECORATOR_MODE } from './decorator-mode';
import { configureMemory } from './fixtures';

afterEach(() => CacheModule.reset());

describe(`remembered keys (${DECORATOR_MODE} decorators)`, () => {
  it('stays bounded and remembers only short primitives', () => {
    const memo = new KeyMemo(3);
    for (const arg of ['a', 'b', 'c']) memo.set(arg, `k:${arg}`);
    expect(memo.get('a')).toBe('k:a');
    memo.set('d', 'k:d'); // full: starts over
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('d')).toBe('k:d');
    memo.set({ id: 1 }, 'k:obj');
    expect(memo.get({ id: 1 })).toBeUndefined();
    memo.set('x'.repeat(500), 'k:long');
    expect(memo.get('x'.repeat(500))).toBeUndefined();
  });

  it('gives the same keys as building them, for 1 vs "1", across many ids and past the bound', async () => {
    const cache = configureMemory();
    let loads = 0;
    class Repo {
      @Cached({ key: 'row:{0}' })
      async row(id: unknown) {
        loads++;
        return `row ${String(id)}`;
      }
      @Cached()
      async byDefault(id: unknown) {
        loads++;
        return `${typeof id} ${String(id)}`;
      }
    }
    const repo = new Repo();
    for (let round = 0; round < 2; round++) for (let id = 0; id < 5_000; id++) await repo.row(id);
    expect(loads).toBe(5_000);
    expect(await cache.has('Repo:row:4999')).toBe(true);
    // Default keys are type-exact: 1 and '1' are different entries, remembered or not.
    expect(await repo.byDefault(1)).toBe('number 1');
    expect(await repo.byDefault('1')).toBe('string 1');
    expect(await repo.byDefault(1)).toBe('number 1');
    expect(await repo.byDefault('1')).toBe('string 1');
  });

  it('is not used for keys that read instance state', async () => {
    configureMemory();
    class Scoped {
      constructor(private readonly scope: string) {}
      @Cached({ key: function (this: Scoped, id: string) { return `${this.scope}:${id}`; } })
      async get(id: string) {
        return `${this.scope}/${id}`;
      }
    }
    expect(await new Scoped('a').get('1')).toBe('a/1');
    expect(await new Scoped('b').get('1')).toBe('b/1');
  });
});
