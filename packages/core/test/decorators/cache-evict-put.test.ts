import { CacheModule, Cached, CacheEvict, CachePut, CacheConfig, CacheConfigError } from '@cachet/core';
import { DECORATOR_MODE } from './decorator-mode';
import { configureMemory, Source } from './fixtures';

afterEach(() => CacheModule.reset());

interface User {
  id: string;
  name: string;
}

function makeService(source: Source, db: Map<string, User>) {
  @CacheConfig({ namespace: 'users' })
  class UserService {
    @Cached({ key: 'user:{0}', tags: (id: string) => ['users', `user:${id}`] })
    async getUser(id: string): Promise<User | undefined> {
      return source.load(db.get(id));
    }

    @Cached({ key: 'all', tags: ['users'] })
    async listUsers(): Promise<User[]> {
      return source.load([...db.values()]);
    }

    @CacheEvict({ keys: ['user:{0}'] })
    async rename(id: string, name: string): Promise<void> {
      db.set(id, { id, name });
    }

    @CacheEvict({ tags: (id: string) => [`user:${id}`] })
    async renameByTag(id: string, name: string): Promise<void> {
      db.set(id, { id, name });
    }

    @CacheEvict({ keys: ['user:{0}'] })
    async failingUpdate(id: string): Promise<void> {
      db.set(id, { id, name: 'half-written' });
      throw new Error('constraint violated');
    }

    @CacheEvict({ keys: ['user:{0}'], beforeInvocation: true })
    async failingUpdateEvictFirst(_id: string): Promise<void> {
      throw new Error('constraint violated');
    }

    @CacheEvict({ allEntries: true })
    async reload(): Promise<void> {}

    @CachePut({ key: 'user:{0.id}', tags: (user: User) => ['users', `user:${user.id}`] })
    async saveUser(user: User): Promise<User> {
      db.set(user.id, user);
      return { ...user };
    }
  }
  return new UserService();
}

describe(`@CacheEvict and @CachePut (${DECORATOR_MODE} decorators)`, () => {
  let source: Source;
  let db: Map<string, User>;
  beforeEach(() => {
    source = new Source(0);
    db = new Map([
      ['1', { id: '1', name: 'Ann' }],
      ['2', { id: '2', name: 'Bob' }],
    ]);
  });

  it('evicts keys after the method succeeds', async () => {
    configureMemory();
    const service = makeService(source, db);
    await service.getUser('1');
    await service.rename('1', 'Anna');
    expect(await service.getUser('1')).toEqual({ id: '1', name: 'Anna' });
    expect(source.calls).toBe(2);
  });

  it('invalidates tags after the method succeeds, leaving other entries', async () => {
    configureMemory();
    const service = makeService(source, db);
    await service.getUser('1');
    await service.getUser('2');
    await service.renameByTag('1', 'Anna');
    expect(await service.getUser('1')).toEqual({ id: '1', name: 'Anna' });
    expect(await service.getUser('2')).toEqual({ id: '2', name: 'Bob' });
    expect(source.calls).toBe(3);
  });

  it('does not evict when the method throws, and rethrows its error', async () => {
    configureMemory();
    const service = makeService(source, db);
    await service.getUser('1');
    await expect(service.failingUpdate('1')).rejects.toThrow('constraint violated');
    expect(await service.getUser('1')).toEqual({ id: '1', name: 'Ann' }); // still the cached value
    expect(source.calls).toBe(1);
  });

  it('evicts before invocation when asked, even if the method then throws', async () => {
    const cache = configureMemory();
    const service = makeService(source, db);
    await service.getUser('1');
    await expect(service.failingUpdateEvictFirst('1')).rejects.toThrow('constraint violated');
    expect(await cache.has('users:user:1')).toBe(false);
  });

  it('allEntries removes every entry of the class namespace and nothing else', async () => {
    const cache = configureMemory();
    const service = makeService(source, db);
    await service.getUser('1');
    await service.listUsers();
    await cache.set('other:thing', 1);
    await service.reload();
    expect(await cache.has('users:user:1')).toBe(false);
    expect(await cache.has('users:all')).toBe(false);
    expect(await cache.has('other:thing')).toBe(true);
  });

  it('@CachePut always runs and stores the result under the reader key', async () => {
    configureMemory();
    const service = makeService(source, db);
    await service.getUser('1');
    await service.saveUser({ id: '1', name: 'Annie' });
    expect(await service.getUser('1')).toEqual({ id: '1', name: 'Annie' });
    expect(source.calls).toBe(1);
    await service.saveUser({ id: '1', name: 'Ann II' });
    await service.saveUser({ id: '1', name: 'Ann III' });
    expect(await service.getUser('1')).toEqual({ id: '1', name: 'Ann III' });
  });

  it('tags on put entries let a tag invalidation remove them', async () => {
    const cache = configureMemory();
    const service = makeService(source, db);
    await service.saveUser({ id: '3', name: 'Cy' });
    expect(await cache.keysForTag('user:3')).toEqual(['users:user:3']);
    expect(await cache.invalidateTags(['users'])).toBe(1);
    expect(await cache.has('users:user:3')).toBe(false);
  });

  it('refuses @CacheEvict without anything to evict', () => {
    expect(() => {
      class Svc {
        @CacheEvict({})
        async update() {}
      }
      return Svc;
    }).toThrow(CacheConfigError);
  });
});
