import { CacheModule, CacheConfigError, CacheResource, CachedQuery, warmResource } from '@cachet/core';
import { DECORATOR_MODE } from '../decorator-mode';
import { MemoryStore } from '@cachet/stores';
import { configureMemory } from '../fixtures';
import { FakeDb, makeRepositories } from './repositories';

afterEach(() => CacheModule.reset());

const sorted = (tags: string[]) => [...tags].sort();

describe(`resource decorators: keys and tags (${DECORATOR_MODE} decorators)`, () => {
  it('@CachedById caches under <name>:<id> with tags <name> and <name>:<id>; 5 and "5" are one record', async () => {
    const cache = configureMemory();
    const db = new FakeDb();
    const { users } = makeRepositories(db);
    expect(await users.findById(5)).toEqual({ id: 5, name: 'user 5', city: 'Oslo' });
    expect(await users.findById(5)).toEqual({ id: 5, name: 'user 5', city: 'Oslo' });
    await users.findById('5' as unknown as number);
    expect(db.reads).toBe(1);
    expect(await cache.has('user:5')).toBe(true);
    expect(sorted(await cache.tagsForKey('user:5'))).toEqual(['user', 'user:5']);
  });

  it('a variant gets its own key and the same tags', async () => {
    const cache = configureMemory();
    const { users } = makeRepositories(new FakeDb());
    await users.summary(5);
    await users.findById(5);
    expect(sorted(await cache.keysForTag('user:5'))).toEqual(['user:5', 'user:5~summary']);
  });

  it('@CachedQuery tags <name>, <name>:queries and <name>:<id> of every row', async () => {
    const cache = configureMemory();
    const { users } = makeRepositories(new FakeDb());
    await users.findByCity('Paris');
    const [key] = await cache.keysForTag('user:queries');
    expect(key).toMatch(/^user:findByCity:/);
    expect(sorted(await cache.tagsForKey(key))).toEqual(['user', 'user:2', 'user:4', 'user:6', 'user:queries']);
  });

  it('@CachedRelation tags the parent, the relation, the child kind and every child', async () => {
    const cache = configureMemory();
    const { orders } = makeRepositories(new FakeDb());
    await orders.forUser(7);
    const [key] = await cache.keysForTag('user:7:orders');
    expect(sorted(await cache.tagsForKey(key))).toEqual(['order', 'order:101', 'order:102', 'order:103', 'user', 'user:7', 'user:7:orders', 'user:7:~order']);
  });

  it('@CacheConfig namespace and ttl win over the resource defaults', async () => {
    const store = new MemoryStore();
    const cache = configureMemory({ store });
    const { people } = makeRepositories(new FakeDb());
    await people.findById(1);
    expect(await cache.keysForTag('person:1')).toEqual(['people:1']);
    const entry = await store.get(`${cache.namespace}:people:1`);
    expect(entry && entry.expiresAt - entry.createdAt).toBe(120_000);
  });

  it('@CacheResource({ enabled: false }) always reads; a method can opt back in', async () => {
    configureMemory();
    const db = new FakeDb();
    const { secrets } = makeRepositories(db);
    await secrets.findById(1);
    await secrets.findById(1);
    expect(db.reads).toBe(2);
    await secrets.publicPart(1);
    await secrets.publicPart(1);
    expect(db.reads).toBe(3);
  });

  it('a class without @CacheResource fails on call with a CacheConfigError naming it', async () => {
    configureMemory();
    const { undeclared } = makeRepositories(new FakeDb());
    await expect(undeclared.findById(1)).rejects.toThrow(CacheConfigError);
    await expect(undeclared.findById(1)).rejects.toThrow(/@CachedById on Undeclared\.findById: Undeclared has no @CacheResource/);
  });

  it('a query row without the id field is returned, not stored, and reported', async () => {
    const cache = configureMemory({ logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const errors: string[] = [];
    cache.on('error', (event) => errors.push(String(event.operation)));
    @CacheResource({ name: 'thing' })
    class ThingRepository {
      calls = 0;
      @CachedQuery()
      async all(): Promise<Array<{ name: string }>> {
        this.calls++;
        return [{ name: 'no id' }];
      }
    }
    const repo = new ThingRepository();
    expect(await repo.all()).toEqual([{ name: 'no id' }]);
    await repo.all();
    expect(repo.calls).toBe(2);
    expect(errors).toEqual(['tags', 'tags']);
  });

  it('warmResource fills the by-id cache and reports failures without throwing', async () => {
    configureMemory();
    const db = new FakeDb();
    const { users } = makeRepositories(db);
    const summary = await warmResource(users, 'findById', [1, 2, 3, 4], { concurrency: 2 });
    expect(summary).toEqual({ total: 4, succeeded: 4, failed: 0, errors: [] });
    await users.findById(3);
    expect(db.reads).toBe(4);
  });
});

describe(`@InvalidatesResource and invalidateResource (${DECORATOR_MODE} decorators)`, () => {
  async function primed() {
    const cache = configureMemory();
    const db = new FakeDb();
    const repos = makeRepositories(db);
    const { users, orders } = repos;
    await Promise.all([users.findById(1), users.findById(2), users.findById(3), users.findByCity('Paris'), users.findByCity('Oslo'), users.count(), orders.forUser(7), orders.forUser(8), orders.findById(101)]);
    db.reads = 0;
    const reread = async () => {
      const before = db.reads;
      await Promise.all([users.findById(1), users.findById(2), users.findById(3), users.findByCity('Paris'), users.findByCity('Oslo'), users.count(), orders.forUser(7), orders.forUser(8), orders.findById(101)]);
      return db.reads - before;
    };
    return { cache, db, ...repos, reread };
  }

  it('an update drops the record and only the queries holding it', async () => {
    const { db, users, reread } = await primed();
    await users.rename(2, 'Bea');
    expect(await reread()).toBe(2); // findById(2) and findByCity('Paris'), nothing else
    expect(await users.findById(2)).toMatchObject({ name: 'Bea' });
    expect((await users.findByCity('Paris')).find((u) => u.id === 2)?.name).toBe('Bea');
    expect(db.reads).toBe(2);
  });

  it('a batch update (array of ids) drops each record', async () => {
    const { users, reread } = await primed();
    await users.renameMany([1, 3], 'X');
    expect(await reread()).toBe(3); // findById(1), findById(3), findByCity('Oslo')
  });

  it('queries: true also drops every query (membership changes)', async () => {
    const { users, reread } = await primed();
    await users.move(1, 'Paris');
    expect(await reread()).toBe(4); // findById(1) and the three queries
    expect((await users.findByCity('Paris')).map((u) => u.id)).toContain(1);
  });

  it('a create drops the queries (from result[id]) but no record read', async () => {
    const { users, reread } = await primed();
    const created = await users.create({ name: 'Zed', city: 'Oslo' });
    expect(await reread()).toBe(3);
    expect((await users.findByCity('Oslo')).map((u) => u.id)).toContain(created.id);
  });

  it('a delete drops the record and the queries', async () => {
    const { users, reread } = await primed();
    await users.remove(2);
    expect(await reread()).toBe(4);
    expect(await users.findById(2)).toBeNull();
  });

  it('creating a child for a parent drops exactly that parent\'s relation', async () => {
    const { orders, reread } = await primed();
    const order = await orders.create(7, 99);
    expect(await reread()).toBe(1); // forUser(7)
    expect((await orders.forUser(7)).map((o) => o.id)).toContain(order.id);
  });

  it('changing a child drops the relations holding it; changing the parent drops its relations', async () => {
    const { users, orders, reread } = await primed();
    await orders.setAmount({ id: 102 }, 1);
    expect(await reread()).toBe(1); // forUser(7)
    await users.rename(8, 'Hal');
    expect(await reread()).toBe(1); // forUser(8) (user 8 is in no cached query or read by id)
  });

  it('nothing is invalidated when the mutation throws', async () => {
    const { users, reread } = await primed();
    await expect(users.failingUpdate(1)).rejects.toThrow('constraint violated');
    expect(await reread()).toBe(0);
  });

  it('ids it cannot tell invalidate the whole model', async () => {
    const { users, reread } = await primed();
    await users.importAll({ rows: 3 });
    expect(await reread()).toBe(8); // every user read and the relations of users; the order read by id stays
  });

  it('provider.invalidateResource drops a record or a whole model', async () => {
    const { cache, reread } = await primed();
    expect(await cache.invalidateResource('user', 1)).toBe(2); // findById(1) and findByCity('Oslo')
    expect(await reread()).toBe(2);
    await cache.invalidateResource('order');
    expect(await reread()).toBe(3);
    await cache.invalidateResource('user');
    expect(await reread()).toBe(8); // the user reads and the users' relations
    await expect(cache.invalidateResource('bad name')).rejects.toThrow(/resource name/);
  });
});
