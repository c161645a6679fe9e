import { EventEmitter } from 'node:events';
import { CacheModule, CacheProvider, CacheConfigError, CacheKeyError, Cached, CacheConfig, escapeKeyPart, type CacheEventMap } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());

@CacheConfig({ namespace: 'users' })
class Users {
  loads = 0;
  @Cached({ key: 'user:{0}', tags: (id: string) => [`user:${escapeKeyPart(id)}`] })
  async get(id: string) {
    this.loads++;
    return { id };
  }
}

const rules = {
  'user.updated': { tags: ['user:{id}'] },
  'user.deleted': { keys: ['users:user:{user.id}'] },
  'org.changed': { patterns: ['users:user:{org}*'] },
};

describe('invalidateOn', () => {
  it('provider.emit maps an event to tags, keys and patterns filled from the payload', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), invalidateOn: rules });
    const users = new Users();
    await users.get('1');
    await users.get('2');
    await users.get('acme-3');
    expect(await cache.emit('user.updated', { id: '1' })).toBe(1);
    expect(await cache.emit('user.deleted', { user: { id: 2 } })).toBe(1);
    expect(await cache.emit('org.changed', { org: 'acme' })).toBe(1);
    expect(await cache.emit('unrelated', { id: '1' })).toBe(0);
    expect(await cache.has('users:user:1')).toBe(false);
    expect(await cache.has('users:user:2')).toBe(false);
    expect(await cache.has('users:user:acme-3')).toBe(false);
  });

  it('escapes payload values so they cannot widen a pattern', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), invalidateOn: rules });
    const users = new Users();
    await users.get('a1');
    expect(await cache.emit('org.changed', { org: '*' })).toBe(0);
    expect(await cache.has('users:user:a1')).toBe(true);
    await users.get('x:y');
    expect(await cache.emit('user.updated', { id: 'x:y' })).toBe(1);
  });

  it('rejects a payload that lacks a field, before removing anything', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), invalidateOn: { both: { tags: ['user:{id}'], keys: ['users:user:{other}'] } } });
    await new Users().get('1');
    await expect(cache.emit('both', { id: '1' })).rejects.toThrow(CacheKeyError);
    await expect(cache.emit('both', { id: '1' })).rejects.toThrow(/no other for \{other\}/);
    expect(await cache.has('users:user:1')).toBe(true);
  });

  it('listens to an EventEmitter until close(), reporting failures as error events', async () => {
    const bus = new EventEmitter();
    const cache = new CacheProvider({ store: new MemoryStore({ maxEntries: 100 }), invalidateOn: rules, invalidationEvents: bus, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    CacheModule.configure(cache);
    const invalidated = new Promise<CacheEventMap['invalidate']>((resolve) => cache.on('invalidate', resolve));
    const failed = new Promise<CacheEventMap['error']>((resolve) => cache.on('error', resolve));
    await new Users().get('9');
    bus.emit('user.updated', { id: '9' });
    expect(await invalidated).toMatchObject({ tags: ['user:9'], count: 1 });
    bus.emit('user.updated', {});
    expect((await failed).operation).toBe("invalidateOn 'user.updated'");
    expect(bus.listenerCount('user.updated')).toBe(1);
    await cache.close();
    expect(bus.listenerCount('user.updated')).toBe(0);
  });

  it('validates rules at configure time with CacheConfigError naming the event', () => {
    const store = new MemoryStore({ maxEntries: 10 });
    expect(() => new CacheProvider({ store, invalidateOn: { 'user.updated': {} } })).toThrow(/invalidateOn\['user.updated'\] invalidates nothing/);
    expect(() => new CacheProvider({ store, invalidateOn: { e: { tags: ['user:{}'] } } })).toThrow(CacheConfigError);
    expect(() => new CacheProvider({ store, invalidateOn: { e: { tags: 'user:{id}' as unknown as string[] } } })).toThrow(/tags must be an array/);
    expect(() => new CacheProvider({ store, invalidateOn: { e: { tag: ['x'] } as never } })).toThrow(/unknown field 'tag'/);
    expect(() => new CacheProvider({ store, invalidationEvents: new EventEmitter() })).toThrow(/without invalidateOn/);
  });
});
