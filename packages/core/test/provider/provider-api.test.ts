import { CacheProvider, CacheClosedError, CacheConfigError, CacheKeyError, escapeKeyPart, type CacheEventMap } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

const providers: CacheProvider[] = [];
function memoryProvider(options: Partial<ConstructorParameters<typeof CacheProvider>[0]> = {}): CacheProvider {
  const provider = new CacheProvider({ store: new MemoryStore({ maxEntries: 1_000 }), namespace: 'app', ...options });
  providers.push(provider);
  return provider;
}
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
});

describe('CacheProvider API on a MemoryStore', () => {
  it('getOrSet loads once and then serves the stored value', async () => {
    const cache = memoryProvider();
    let loads = 0;
    const loader = async () => ({ n: ++loads });
    expect(await cache.getOrSet('k', loader)).toEqual({ n: 1 });
    expect(await cache.getOrSet('k', loader)).toEqual({ n: 1 });
    expect(cache.stats().methods.getOrSet).toMatchObject({ hits: 1, misses: 1, loads: 1 });
  });

  it('stores undefined and null as values: get cannot tell them from a miss, has can', async () => {
    const cache = memoryProvider();
    await cache.set('u', undefined);
    await cache.set('n', null);
    expect(await cache.get('u')).toBeUndefined();
    expect(await cache.has('u')).toBe(true);
    expect(await cache.get('n')).toBeNull();
    expect(await cache.has('missing')).toBe(false);
    let loads = 0;
    expect(await cache.getOrSet('u2', async () => (loads++, undefined))).toBeUndefined();
    expect(await cache.getOrSet('u2', async () => (loads++, undefined))).toBeUndefined();
    expect(loads).toBe(1);
  });

  it('delete reports how many keys existed', async () => {
    const cache = memoryProvider();
    await cache.set('a', 1);
    await cache.set('b', 2);
    expect(await cache.delete('a', 'b', 'c')).toBe(2);
    expect(await cache.has('a')).toBe(false);
  });

  it('revoke removes keys matching a glob within the namespace only', async () => {
    const store = new MemoryStore({ maxEntries: 100 });
    const cache = memoryProvider({ store });
    const other = memoryProvider({ store, namespace: 'other' });
    await cache.set('users:user:1', 1);
    await cache.set('users:user:2', 2);
    await cache.set('orders:1', 3);
    await other.set('users:user:1', 'other');
    expect(await cache.revoke('users:*')).toBe(2);
    expect(await cache.has('orders:1')).toBe(true);
    expect(await other.get('users:user:1')).toBe('other');
  });

  it('revoke with an escaped user part removes only that literal key', async () => {
    const cache = memoryProvider();
    for (const id of ['*', 'a', 'a*b', '[x]', '?']) await cache.set(`users:user:${escapeKeyPart(id)}`, id);
    expect(await cache.revoke(`users:user:${escapeKeyPart('*')}`)).toBe(1);
    expect(await cache.get(`users:user:${escapeKeyPart('a')}`)).toBe('a');
    expect(await cache.revoke(`users:user:${escapeKeyPart('a*')}*`)).toBe(1);
    expect(await cache.get(`users:user:${escapeKeyPart('a')}`)).toBe('a');
    expect(await cache.get(`users:user:${escapeKeyPart('[x]')}`)).toBe('[x]');
  });

  it('lists tags and keys relative to the namespace', async () => {
    const cache = memoryProvider();
    await cache.set('users:1', 1, { tags: ['users', 'user:1'] });
    await cache.set('users:2', 2, { tags: ['users'] });
    expect((await cache.keysForTag('users')).sort()).toEqual(['users:1', 'users:2']);
    expect((await cache.tagsForKey('users:1')).sort()).toEqual(['user:1', 'users']);
    expect((await cache.listTags()).sort()).toEqual(['user:1', 'users']);
    expect(await cache.invalidateTag('user:1')).toBe(1);
    expect(await cache.listTags()).toEqual(['users']);
  });

  it('clear removes everything', async () => {
    const cache = memoryProvider();
    await cache.set('a', 1, { tags: ['t'] });
    await cache.clear();
    expect(await cache.has('a')).toBe(false);
    expect(await cache.listTags()).toEqual([]);
  });

  it('emits events without values, and a throwing listener never breaks a call', async () => {
    const logged: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (_: object, msg?: string) => void logged.push(msg ?? '') };
    const cache = memoryProvider({ logger });
    const seen: Array<[string, unknown]> = [];
    for (const event of ['hit', 'miss', 'set', 'delete', 'invalidate'] as const) {
      cache.on(event, (payload: CacheEventMap[typeof event]) => void seen.push([event, payload]));
    }
    cache.on('hit', () => {
      throw new Error('listener bug');
    });
    await cache.getOrSet('k', async () => 'secret value', { tags: ['t'] });
    expect(await cache.getOrSet('k', async () => 'other')).toBe('secret value');
    await cache.delete('k');
    await cache.invalidateTags(['t']);
    expect(seen.map(([event]) => event)).toEqual(['miss', 'set', 'hit', 'delete', 'invalidate']);
    expect(seen[1][1]).toMatchObject({ key: 'k', tags: ['t'], method: 'getOrSet' });
    expect(JSON.stringify(seen)).not.toContain('secret value');
    expect(logged.join()).toContain("'hit' listener threw");
    expect(cache.stats().errors).toBe(1);
  });

  it('resetStats zeroes every counter', async () => {
    const cache = memoryProvider();
    await cache.getOrSet('k', async () => 1);
    cache.resetStats();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, loads: 0, methods: {} });
  });

  it('reports health from a real round trip', async () => {
    const report = await memoryProvider().health();
    expect(report.ok).toBe(true);
    expect(report.stores[0]).toMatchObject({ name: 'memory', ok: true });
  });

  it('refuses to work once closed', async () => {
    const cache = memoryProvider();
    await cache.close();
    expect(() => cache.getOrSet('k', () => 1)).toThrow(CacheClosedError);
  });

  it('refuses bad keys and tags with CacheKeyError', async () => {
    const cache = memoryProvider();
    expect(() => cache.getOrSet('', () => 1)).toThrow(CacheKeyError);
    await expect(cache.set('k', 1, { tags: [''] })).rejects.toBeInstanceOf(CacheKeyError);
    await expect(cache.revoke('')).rejects.toBeInstanceOf(CacheKeyError);
  });

  it.each([
    [{}, /'store' is required/],
    [{ store: new MemoryStore(), ttl: 'soon' }, /ttl/],
    [{ store: new MemoryStore(), namespace: 'a*' }, /namespace/],
    [{ store: new MemoryStore(), namespace: '' }, /namespace/],
    [{ store: new MemoryStore(), storeTimeout: -1 }, /storeTimeout/],
    [{ store: new MemoryStore(), overrides: { getUser: { ttl: '1m' } } }, /Class\.method/],
    [{ store: new MemoryStore(), overrides: { 'A.b': { ttl: 'x' } } }, /overrides\['A\.b'\]\.ttl/],
    [{ store: new MemoryStore(), tll: '5m' }, /unknown option 'tll'/],
  ])('refuses bad options %#', (options, pattern) => {
    expect(() => new CacheProvider(options as never)).toThrow(CacheConfigError);
    expect(() => new CacheProvider(options as never)).toThrow(pattern);
  });
});
