import { CacheSerializationError } from '@cachet/core';
import { testEntry } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

interface User {
  name: string;
  roles: string[];
}

describe('MemoryStore clone semantics', () => {
  it('with clone: true, mutating the object passed to set or a returned one leaves the cache unchanged', async () => {
    const store = new MemoryStore({ clone: true });
    const user: User = { name: 'Ada', roles: ['admin'] };
    await store.set('u', testEntry(user, { tags: ['users'] }));
    user.roles.push('written-after-set');
    const first = (await store.get('u'))?.value as User;
    first.name = 'mutated by a reader';
    first.roles.push('pushed by a reader');
    const second = (await store.get('u'))?.value as User;
    expect(second).toEqual({ name: 'Ada', roles: ['admin'] });
    expect(second).not.toBe(first);
    expect(store.getSync('u')?.value).toEqual({ name: 'Ada', roles: ['admin'] });
    expect(Object.isFrozen(store.getSync('u')?.tags)).toBe(true);
  });

  it('with clone: false (the default), writer and readers share the cached object', async () => {
    const store = new MemoryStore();
    const user: User = { name: 'Ada', roles: ['admin'] };
    await store.set('u', testEntry(user));
    const read = (await store.get('u'))?.value as User;
    expect(read).toBe(user);
    read.roles.push('shared');
    expect(((await store.get('u'))?.value as User).roles).toEqual(['admin', 'shared']);
  });

  it('keeps Buffers as Buffers (structuredClone alone returns Uint8Array), wherever they are nested', async () => {
    const store = new MemoryStore({ clone: true });
    const value = { top: Buffer.from('hi'), list: [Buffer.from('a')], byName: new Map([['x', { b: Buffer.from('b') }]]) };
    await store.set('b', testEntry(value));
    await store.set('top', testEntry(Buffer.from('top')));
    const got = (await store.get('b'))?.value as typeof value;
    expect(Buffer.isBuffer(got.top)).toBe(true);
    expect(got.top.toString('base64')).toBe(Buffer.from('hi').toString('base64'));
    expect(Buffer.isBuffer(got.list[0])).toBe(true);
    expect(Buffer.isBuffer(got.byName.get('x')?.b)).toBe(true);
    expect(Buffer.isBuffer((await store.get('top'))?.value)).toBe(true);
  });

  it('stores a small pooled Buffer compactly, not with its 8 KB pool slab', async () => {
    const store = new MemoryStore({ clone: true, maxSize: 1_000_000 });
    const small = Buffer.from('hi');
    expect(small.buffer.byteLength).toBeGreaterThan(1_000); // from the shared pool
    await store.set('b', testEntry(small));
    const got = (await store.get('b'))?.value as Buffer;
    expect(got.buffer.byteLength).toBe(2);
  });

  it('keeps cycles and shared references', async () => {
    const store = new MemoryStore({ clone: true });
    const node: { name: string; self?: unknown } = { name: 'n' };
    node.self = node;
    await store.set('c', testEntry(node));
    const got = (await store.get('c'))?.value as typeof node;
    expect(got.self).toBe(got);
    expect(got).not.toBe(node);
  });

  it('refuses a value that cannot be copied with a CacheSerializationError naming the key', async () => {
    const store = new MemoryStore({ clone: true });
    await expect(store.set('fn', testEntry({ run: () => 1 }))).rejects.toThrow(CacheSerializationError);
    await expect(store.set('fn', testEntry({ run: () => 1 }))).rejects.toThrow(/key 'fn'/);
  });

  it('keeps the prototype of class instances (unlike structuredClone), copying their fields', async () => {
    class Point {
      constructor(public x: number) {}
      norm(): number {
        return Math.abs(this.x);
      }
    }
    const store = new MemoryStore({ clone: true });
    const point = new Point(-1);
    await store.set('p', testEntry(point));
    const got = (await store.get('p'))?.value as Point;
    expect(got).toBeInstanceOf(Point);
    expect(got.norm()).toBe(1);
    got.x = 5;
    expect(((await store.get('p'))?.value as Point).x).toBe(-1);
  });

  it("copies an own '__proto__' key as data, never as the copy's prototype", async () => {
    const store = new MemoryStore({ clone: true });
    const parsed = JSON.parse('{"__proto__": {"isAdmin": true}, "name": "x"}') as Record<string, unknown>;
    await store.set('j', testEntry(parsed));
    const got = (await store.get('j'))?.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(got.isAdmin).toBeUndefined();
    expect(Object.keys(got)).toEqual(['__proto__', 'name']);
  });

  it('copies Date, Map, Set, BigInt and typed arrays as the same types', async () => {
    const store = new MemoryStore({ clone: true });
    const value = { at: new Date(5), m: new Map([[1, new Set([2n])]]), f: new Float64Array([1.5]), re: /a+/gi };
    await store.set('v', testEntry(value));
    const got = (await store.get('v'))?.value as typeof value;
    expect(got).toStrictEqual(value);
    expect(got.m).toBeInstanceOf(Map);
    expect(got.m).not.toBe(value.m);
    expect(got.f).toBeInstanceOf(Float64Array);
  });
});
