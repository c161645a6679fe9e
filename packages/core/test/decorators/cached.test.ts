import { CacheModule, Cached, CacheConfig, CacheConfigError, CacheNotConfiguredError, CacheKeyError } from '@cachet/core';
import { DECORATOR_MODE } from './decorator-mode';
import { MemoryStore } from '@cachet/stores';
import { configureMemory, sleep, Source } from './fixtures';

afterEach(() => CacheModule.reset());

describe(`@Cached (${DECORATOR_MODE} decorators)`, () => {
  it('runs the method once per distinct arguments and serves hits from the cache', async () => {
    configureMemory();
    const source = new Source();
    class UserService {
      @Cached()
      async getUser(id: string) {
        return source.load({ id, name: `user ${id}` });
      }
    }
    const service = new UserService();
    expect(await service.getUser('1')).toEqual({ id: '1', name: 'user 1' });
    expect(await service.getUser('1')).toEqual({ id: '1', name: 'user 1' });
    expect(await service.getUser('2')).toEqual({ id: '2', name: 'user 2' });
    expect(source.calls).toBe(2);
    const stats = CacheModule.get().stats();
    expect(stats.methods['UserService.getUser']).toMatchObject({ hits: 1, misses: 2, loads: 2 });
  });

  it('preserves this, and instances share entries unless the key uses instance state', async () => {
    configureMemory();
    class Greeter {
      calls = 0;
      constructor(private readonly greeting: string) {}
      @Cached()
      async greet(name: string) {
        this.calls++;
        return `${this.greeting} ${name}`;
      }
      @Cached({ key: function (this: Greeter, name: string) { return `own:${this.greeting}:${name}`; } })
      async greetOwn(name: string) {
        return `${this.greeting} ${name}`;
      }
    }
    const hello = new Greeter('hello');
    const hi = new Greeter('hi');
    expect(await hello.greet('ann')).toBe('hello ann');
    expect(await hi.greet('ann')).toBe('hello ann'); // shared entry: the key has no instance state
    expect(hi.calls).toBe(0);
    expect(await hello.greetOwn('ann')).toBe('hello ann');
    expect(await hi.greetOwn('ann')).toBe('hi ann');
  });

  it('never caches errors and rethrows the very same error', async () => {
    configureMemory();
    const failure = new Error('database down');
    let calls = 0;
    class Repo {
      @Cached()
      async find(id: number) {
        calls++;
        if (calls === 1) throw failure;
        return { id };
      }
    }
    const repo = new Repo();
    await expect(repo.find(1)).rejects.toBe(failure);
    expect(await repo.find(1)).toEqual({ id: 1 });
    expect(await repo.find(1)).toEqual({ id: 1 });
    expect(calls).toBe(2);
  });

  it('returns a Promise for a synchronous method, and turns a synchronous throw into a rejection', async () => {
    configureMemory();
    class MathService {
      @Cached()
      square(n: number): number {
        if (n < 0) throw new RangeError('negative');
        return n * n;
      }
    }
    const result = new MathService().square(4) as unknown;
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(16);
    await expect(new MathService().square(-1) as unknown as Promise<number>).rejects.toBeInstanceOf(RangeError);
  });

  it('keeps default keys apart per class, per type and per argument order', async () => {
    configureMemory();
    class UserRepo {
      @Cached()
      async findById(id: unknown) {
        return `user ${String(id)} ${typeof id}`;
      }
    }
    class OrderRepo {
      @Cached()
      async findById(id: unknown) {
        return `order ${String(id)} ${typeof id}`;
      }
    }
    expect(await new UserRepo().findById(1)).toBe('user 1 number');
    expect(await new OrderRepo().findById(1)).toBe('order 1 number');
    expect(await new UserRepo().findById('1')).toBe('user 1 string');
    expect(await new UserRepo().findById(null)).toBe('user null object');
    expect(await new UserRepo().findById(undefined)).toBe('user undefined undefined');
  });

  it('builds keys from templates: positional, property path and parameter name', async () => {
    const cache = configureMemory({ namespace: 'app' });
    class UserService {
      @Cached({ key: 'user:{0}' })
      async byPosition(id: string) {
        return id;
      }
      @Cached({ key: 'user:{0.id}:{0.org.name}' })
      async byPath(user: { id: number; org: { name: string } }) {
        return user.id;
      }
      @Cached({ key: 'user:{id}:{page}' })
      async byName(id: string, page = 1) {
        return `${id}/${page}`;
      }
    }
    const service = new UserService();
    await service.byPosition('a:b*');
    await service.byPath({ id: 7, org: { name: 'acme' } });
    await service.byName('x', 2);
    expect(await cache.has('UserService:user:a\\:b\\*')).toBe(true);
    expect(await cache.has('UserService:user:7:acme')).toBe(true);
    expect(await cache.has('UserService:user:x:2')).toBe(true);
  });

  it('honours condition and unless', async () => {
    configureMemory();
    const source = new Source(0);
    class Search {
      @Cached({ condition: (q: string) => q.length > 2, unless: (result: unknown) => result === null })
      async find(q: string) {
        return source.load(q === 'none' ? null : q.toUpperCase());
      }
    }
    const search = new Search();
    await search.find('ab');
    await search.find('ab'); // condition false: never cached
    expect(source.calls).toBe(2);
    await search.find('none');
    await search.find('none'); // unless true: not stored
    expect(source.calls).toBe(4);
    await search.find('abc');
    await search.find('abc');
    expect(source.calls).toBe(5);
  });

  it('expires entries after their ttl', async () => {
    configureMemory();
    const source = new Source(0);
    class Clock {
      @Cached({ ttl: 40 })
      async now(zone: string) {
        return source.load(zone);
      }
    }
    const clock = new Clock();
    await clock.now('utc');
    await clock.now('utc');
    expect(source.calls).toBe(1);
    await sleep(80);
    await clock.now('utc');
    expect(source.calls).toBe(2);
  });

  it('layers settings: override > method > @CacheConfig > provider', async () => {
    const cache = configureMemory({ namespace: 'app', ttl: '1h', overrides: { 'Reports.daily': { enabled: false } } });
    const source = new Source(0);
    @CacheConfig({ namespace: 'rep', ttl: 30 })
    class Reports {
      @Cached({ key: 'weekly' })
      async weekly() {
        return source.load('weekly');
      }
      @Cached({ key: 'monthly', ttl: '1h' })
      async monthly() {
        return source.load('monthly');
      }
      @Cached({ key: 'daily' })
      async daily() {
        return source.load('daily');
      }
    }
    const reports = new Reports();
    await reports.weekly();
    await reports.monthly();
    expect(await cache.has('rep:weekly')).toBe(true);
    await sleep(60);
    expect(await cache.has('rep:weekly')).toBe(false); // class ttl 30 ms
    expect(await cache.has('rep:monthly')).toBe(true); // method ttl wins
    await reports.daily();
    await reports.daily();
    expect(source.calls).toBe(4); // override turned daily off
  });

  it('passes calls through when the provider is disabled', async () => {
    configureMemory({ enabled: false });
    const source = new Source(0);
    class Svc {
      @Cached()
      async get(id: number) {
        return source.load(id);
      }
    }
    await new Svc().get(1);
    await new Svc().get(1);
    expect(source.calls).toBe(2);
  });

  it('resolves the provider at call time: classes may exist before configure', async () => {
    class Early {
      @Cached({ provider: 'late' })
      async value() {
        return 42;
      }
    }
    const early = new Early();
    const error = await early.value().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheNotConfiguredError);
    expect((error as Error).message).toContain("'late'");
    expect((error as Error).message).toContain("CacheModule.register('late'");
    configureMemory({}, 'late');
    expect(await early.value()).toBe(42);
    expect(await CacheModule.get('late').has('Early:value:')).toBe(true);
  });

  it('fails with CacheNotConfiguredError naming configure() for the default provider', async () => {
    class Svc {
      @Cached()
      async get() {
        return 1;
      }
    }
    await expect(new Svc().get()).rejects.toThrow(/CacheModule\.configure/);
  });

  it('revives class instances with type', async () => {
    configureMemory({ store: new MemoryStore({ maxEntries: 100, clone: true }) });
    class Money {
      constructor(public amount = 0) {}
      double() {
        return this.amount * 2;
      }
    }
    class Wallet {
      @Cached({ type: () => Money })
      async balance() {
        return new Money(21);
      }
      @Cached({ type: () => [Money] })
      async history() {
        return [new Money(1), new Money(2)];
      }
    }
    const wallet = new Wallet();
    await wallet.balance();
    const cached = await wallet.balance();
    expect(cached).toBeInstanceOf(Money);
    expect(cached.double()).toBe(42);
    await wallet.history();
    const list = await wallet.history();
    expect(list.every((m) => m instanceof Money)).toBe(true);
  });

  it('refuses arguments it cannot key, with a CacheKeyError', async () => {
    configureMemory();
    class Svc {
      @Cached()
      async run(fn: () => void) {
        return typeof fn;
      }
    }
    await expect(new Svc().run(() => undefined)).rejects.toBeInstanceOf(CacheKeyError);
  });
});

describe(`@Cached option validation (${DECORATOR_MODE} decorators)`, () => {
  const decorate = (options: object) => () => {
    class BadService {
      @Cached(options as never)
      async getUser(id: string) {
        return id;
      }
    }
    return BadService;
  };

  it.each([
    [{ ttl: 'abc' }, /ttl/],
    [{ ttl: -5 }, /ttl/],
    [{ ttl: Number.NaN }, /ttl/],
    [{ ttl: 0 }, /ttl/],
    [{ grace: '5 parsecs' }, /grace/],
    [{ key: 'user:{nope}' }, /nope/],
    [{ key: 'user:{0' }, /key/],
    [{ tags: 'users' }, /tags/],
    [{ condition: true }, /condition/],
    [{ ttL: '5m' }, /unknown option 'ttL'/],
  ])('throws CacheConfigError for %p when applied', (options, pattern) => {
    let error: unknown;
    try {
      decorate(options)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CacheConfigError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).toContain('getUser');
    if (DECORATOR_MODE === 'legacy') expect((error as Error).message).toContain('BadService.getUser');
  });

  it('refuses @CacheConfig with a bad namespace or ttl', () => {
    expect(() => {
      @CacheConfig({ namespace: 'a*b' })
      class Bad {}
      return Bad;
    }).toThrow(CacheConfigError);
    expect(() => {
      @CacheConfig({ ttl: '1 fortnight' })
      class Bad {}
      return Bad;
    }).toThrow(/CacheConfig on Bad: ttl/);
  });
});
