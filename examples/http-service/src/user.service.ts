import { CacheConfig, Cached } from '@cachet/core';

/** A user of the fake database. */
export interface User {
  id: string;
  name: string;
}

/** An in-memory "database" that counts its queries, standing in for a slow source. */
export class UserDatabase {
  queries = 0;
  private readonly rows = new Map<string, User>([
    ['1', { id: '1', name: 'Ann' }],
    ['2', { id: '2', name: 'Bob' }],
    ['3', { id: '3', name: 'Cleo' }],
  ]);

  async find(id: string): Promise<User | undefined> {
    this.queries++;
    return this.rows.get(id);
  }

  async all(): Promise<User[]> {
    this.queries++;
    return [...this.rows.values()];
  }

  async rename(id: string, name: string): Promise<User | undefined> {
    const user = this.rows.get(id);
    if (user !== undefined) user.name = name;
    return user;
  }
}

/** Reads go through the cache; writes are followed by a `user.updated` event (see app.ts and cache.yaml). */
@CacheConfig({ namespace: 'users' })
export class UserService {
  constructor(readonly db: UserDatabase) {}

  @Cached({ key: 'user:{0}', tags: (id: string) => [`user:${id}`], unless: (user) => user === undefined })
  async getUser(id: string): Promise<User | undefined> {
    return this.db.find(id);
  }

  @Cached({ key: 'list', tags: ['users:list'] })
  async listUsers(): Promise<User[]> {
    return this.db.all();
  }
}
