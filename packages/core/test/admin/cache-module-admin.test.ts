import { CacheModule, Cached, CacheConfig, CacheNotConfiguredError } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());

@CacheConfig({ namespace: 'users' })
class UserService {
  @Cached({ key: 'user:{0}', tags: (id: string) => ['people', `user:${id}`] })
  async getUser(id: string) {
    return { id };
  }
}

@CacheConfig({ provider: 'reports' })
class ReportService {
  @Cached({ key: 'r:{0}', tags: ['people'] })
  async report(id: string) {
    return { id };
  }
}

class Plain {
  @Cached({ key: 'p:{0}', tags: ['people'] })
  async get(id: string) {
    return id;
  }
}

describe('CacheModule.admin(Class)', () => {
  it('acts on the class namespace of the class provider, with keys relative to it', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    const reports = CacheModule.register('reports', { store: new MemoryStore({ maxEntries: 100 }) });
    const users = new UserService();
    const plain = new Plain();
    await users.getUser('1');
    await users.getUser('2');
    await users.getUser('2');
    await plain.get('1');
    await new ReportService().report('1');

    const admin = CacheModule.admin(UserService);
    expect(admin.namespace).toBe('users');
    expect(admin.provider).toBe(cache);
    expect(CacheModule.admin(ReportService).provider).toBe(reports);
    expect(CacheModule.admin(Plain).namespace).toBe('Plain');

    expect((await admin.keysForTag('people')).sort()).toEqual(['user:1', 'user:2']);
    expect(await admin.delete('user:1')).toBe(1);
    expect(await cache.has('users:user:1')).toBe(false);
    expect(await admin.invalidateTags(['people'])).toBe(1);
    expect(await cache.has('Plain:p:1')).toBe(true);
    expect(await reports.has('ReportService:r:1')).toBe(true);

    await users.getUser('3');
    await users.getUser('4');
    expect(await admin.revoke('user:3')).toBe(1);
    await admin.clear();
    expect(await cache.has('users:user:4')).toBe(false);
    expect(await cache.has('Plain:p:1')).toBe(true);
  });

  it('filters stats to the class methods', async () => {
    CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    const users = new UserService();
    await users.getUser('1');
    await users.getUser('1');
    await new Plain().get('1');
    const stats = CacheModule.admin(UserService).stats();
    expect(Object.keys(stats.methods)).toEqual(['UserService.getUser']);
    expect(stats).toMatchObject({ hits: 1, misses: 1, loads: 1 });
  });

  it('resolves the provider at each call, naming the fix when it is missing', async () => {
    const admin = CacheModule.admin(ReportService);
    await expect(async () => admin.clear()).rejects.toThrow(CacheNotConfiguredError);
    CacheModule.register('reports', { store: new MemoryStore({ maxEntries: 10 }) });
    await expect(admin.clear()).resolves.toBeUndefined();
  });
});
