import { CacheConfig, CacheResource, CachedById, CachedQuery, CachedRelation, InvalidatesResource } from '@cachet/core';

export interface User {
  id: number;
  name: string;
  city: string;
}

export interface Order {
  id: number;
  userId: number;
  amount: number;
}

/** An in-memory table pair that counts the reads reaching it, as a database would. */
export class FakeDb {
  reads = 0;
  users = new Map<number, User>();
  orders = new Map<number, Order>();
  private nextId = 1000;

  constructor() {
    for (let id = 1; id <= 6; id++) this.users.set(id, { id, name: `user ${id}`, city: id % 2 === 0 ? 'Paris' : 'Oslo' });
    for (let id = 1; id <= 6; id++) this.orders.set(100 + id, { id: 100 + id, userId: id <= 3 ? 7 : 8, amount: id * 10 });
    this.users.set(7, { id: 7, name: 'user 7', city: 'Rome' });
    this.users.set(8, { id: 8, name: 'user 8', city: 'Rome' });
  }

  read<T>(value: T): Promise<T> {
    this.reads++;
    return Promise.resolve(structuredClone(value));
  }

  newId(): number {
    return this.nextId++;
  }
}

/** Builds fresh decorated classes per test, so class-level state never leaks. */
export function makeRepositories(db: FakeDb) {
  @CacheResource({ name: 'user' })
  class UserRepository {
    @CachedById()
    findById(id: number): Promise<User | null> {
      return db.read(db.users.get(Number(id)) ?? null);
    }

    @CachedById({ variant: 'summary' })
    summary(id: number): Promise<string> {
      return db.read(`#${id}`);
    }

    @CachedQuery()
    findByCity(city: string): Promise<User[]> {
      return db.read([...db.users.values()].filter((user) => user.city === city));
    }

    @CachedQuery({ tagsFromResult: false })
    count(): Promise<number> {
      return db.read(db.users.size);
    }

    @InvalidatesResource()
    async rename(id: number, name: string): Promise<User> {
      const user = { ...(db.users.get(id) as User), name };
      db.users.set(id, user);
      return user;
    }

    @InvalidatesResource({ queries: true })
    async move(id: number, city: string): Promise<void> {
      db.users.set(id, { ...(db.users.get(id) as User), city });
    }

    @InvalidatesResource()
    async renameMany(ids: number[], name: string): Promise<number> {
      for (const id of ids) db.users.set(id, { ...(db.users.get(id) as User), name });
      return ids.length;
    }

    @InvalidatesResource({ created: true })
    async create(data: Omit<User, 'id'>): Promise<User> {
      const user = { id: db.newId(), ...data };
      db.users.set(user.id, user);
      return user;
    }

    @InvalidatesResource({ deleted: true })
    async remove(id: number): Promise<void> {
      db.users.delete(id);
    }

    @InvalidatesResource()
    async failingUpdate(id: number): Promise<void> {
      db.users.set(id, { ...(db.users.get(id) as User), name: 'half' });
      throw new Error('constraint violated');
    }

    @InvalidatesResource()
    async importAll(_payload: { rows: number }): Promise<void> {
      // neither the argument nor the result names the ids: the whole model must go
    }
  }

  @CacheResource({ name: 'order' })
  class OrderRepository {
    @CachedById()
    findById(id: number): Promise<Order | null> {
      return db.read(db.orders.get(id) ?? null);
    }

    @CachedRelation('orders', { of: 'user' })
    forUser(userId: number): Promise<Order[]> {
      return db.read([...db.orders.values()].filter((order) => order.userId === userId));
    }

    @InvalidatesResource({ created: true, parents: (_args, order: Order) => [['user', order.userId]] })
    async create(userId: number, amount: number): Promise<Order> {
      const order = { id: db.newId(), userId, amount };
      db.orders.set(order.id, order);
      return order;
    }

    @InvalidatesResource({ ids: (args: [{ id: number }, number]) => args[0].id })
    async setAmount(order: { id: number }, amount: number): Promise<void> {
      db.orders.set(order.id, { ...(db.orders.get(order.id) as Order), amount });
    }
  }

  @CacheConfig({ namespace: 'people', ttl: '2m' })
  @CacheResource({ name: 'person', ttl: '1m' })
  class PersonRepository {
    @CachedById()
    findById(id: number): Promise<User | null> {
      return db.read(db.users.get(id) ?? null);
    }
  }

  @CacheResource({ name: 'secret', enabled: false })
  class SecretRepository {
    @CachedById()
    findById(id: number): Promise<string> {
      return db.read(`secret ${id}`);
    }

    @CachedById({ enabled: true, variant: 'public' })
    publicPart(id: number): Promise<string> {
      return db.read(`public ${id}`);
    }
  }

  class Undeclared {
    @CachedById()
    findById(id: number): Promise<number> {
      return db.read(id);
    }
  }

  return {
    users: new UserRepository(),
    orders: new OrderRepository(),
    people: new PersonRepository(),
    secrets: new SecretRepository(),
    undeclared: new Undeclared(),
  };
}
