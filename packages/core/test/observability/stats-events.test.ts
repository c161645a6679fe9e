import { CacheModule, Cached, CacheConfig, CacheEvict, type CacheEventMap, type CacheEventName, type CacheLogger } from '@cachet/core';
import { ChaosStore } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

/** A pino-like logger: records lines, and answers isLevelEnabled from a mutable level. */
function pinoLike(level: string): CacheLogger & { lines: Line[]; level: string; isLevelEnabled(l: string): boolean } {
  const lines: Line[] = [];
  const at = (lvl: string) => (obj: Record<string, unknown>, msg?: string) => void lines.push({ level: lvl, obj, msg: msg ?? '' });
  const logger = {
    lines,
    level,
    isLevelEnabled: (l: string) => (l === 'debug' ? ['debug', 'trace'].includes(logger.level) : true),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return logger;
}

@CacheConfig({ namespace: 'users' })
class UserService {
  loads = 0;

  @Cached({ key: 'user:{0}', tags: (id: string) => ['users', `user:${id}`] })
  async getUser(id: string) {
    this.loads++;
    return { id, secret: `value-of-${id}` };
  }

  @Cached({ key: 'slow:{0}' })
  async failing(id: string): Promise<string> {
    throw new Error(`no ${id}`);
  }

  @CacheEvict({ tags: (id: string) => [`user:${id}`] })
  async update(_id: string) {
    return true;
  }

  @CacheEvict({ keys: ['user:{0}'] })
  async remove(_id: string) {
    return true;
  }
}

function record<E extends CacheEventName>(events: Array<[string, unknown]>, name: E) {
  return (payload: CacheEventMap[E]) => void events.push([name, payload]);
}

describe('stats through the public API', () => {
  it('counts hits, misses, loads and hitRatio per Class.method and in total', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    const users = new UserService();
    await users.getUser('1');
    await users.getUser('1');
    await users.getUser('1');
    await users.getUser('2');
    await expect(users.failing('x')).rejects.toThrow('no x');
    const stats = cache.stats();
    expect(stats.methods['UserService.getUser']).toMatchObject({ hits: 2, misses: 2, loads: 2, hitRatio: 0.5, errors: 0 });
    expect(stats.methods['UserService.failing']).toMatchObject({ hits: 0, misses: 1, loads: 0 });
    expect(stats).toMatchObject({ hits: 2, misses: 3, loads: 2 });
    const { p50, p95, p99 } = stats.loadLatency;
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(p95).toBeGreaterThanOrEqual(p50);
    expect(p99).toBeGreaterThanOrEqual(p95);
  });

  it('counts single-flight joins as dedupedLoads', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    const users = new UserService();
    await Promise.all([users.getUser('7'), users.getUser('7'), users.getUser('7')]);
    expect(cache.stats().methods['UserService.getUser']).toMatchObject({ loads: 1, dedupedLoads: 2 });
    expect(users.loads).toBe(1);
  });

  it('resetStats zeroes everything and decorated methods keep counting afterwards', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    const users = new UserService();
    await users.getUser('1');
    await users.getUser('1');
    cache.resetStats();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, loads: 0, loadLatency: { p50: 0, p95: 0, p99: 0 } });
    await users.getUser('1');
    expect(cache.stats().methods['UserService.getUser']).toMatchObject({ hits: 1, misses: 0 });
    expect(cache.stats().hits).toBe(1);
  });

  it('keeps latency in bounded memory: percentiles stay defined after many loads', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 10 }) });
    for (let i = 0; i < 3_000; i++) await cache.getOrSet(`k${i}`, () => i);
    const stats = cache.stats().methods.getOrSet;
    expect(stats.loads).toBe(3_000);
    expect(Number.isFinite(stats.loadLatency.p99)).toBe(true);
  });
});

describe('events', () => {
  it('emits hit, miss, set, delete and invalidate with relative keys, method and tags, never values', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), namespace: 'app' });
    const events: Array<[string, unknown]> = [];
    for (const name of ['hit', 'miss', 'set', 'delete', 'invalidate'] as const) cache.on(name, record(events, name));
    const users = new UserService();
    await users.getUser('1');
    await users.getUser('1');
    await users.update('1');
    await users.getUser('1');
    await users.remove('1');
    await cache.revoke('users:*');
    const names = events.map(([name]) => name);
    expect(names).toEqual(['miss', 'set', 'hit', 'invalidate', 'miss', 'set', 'delete', 'invalidate']);
    expect(events[0][1]).toMatchObject({ key: 'users:user:1', method: 'UserService.getUser' });
    expect(events[1][1]).toMatchObject({ key: 'users:user:1', method: 'UserService.getUser', tags: ['users', 'user:1'] });
    expect(events[2][1]).toMatchObject({ key: 'users:user:1', tags: ['users', 'user:1'] });
    expect(events[3][1]).toMatchObject({ tags: ['user:1'], count: 1 });
    expect(events[6][1]).toMatchObject({ keys: ['users:user:1'], count: 1 });
    expect(events[7][1]).toMatchObject({ pattern: 'users:*' });
    expect(JSON.stringify(events)).not.toContain('value-of-');
  });

  it('emits stale when grace serves an old value, and error when the store fails', async () => {
    const chaos = new ChaosStore(new MemoryStore({ maxEntries: 100 }));
    const cache = CacheModule.configure({ store: chaos, logger: pinoLike('info') });
    const events: Array<[string, unknown]> = [];
    cache.on('stale', record(events, 'stale'));
    cache.on('error', record(events, 'error'));
    let fail = false;
    const loader = async () => {
      if (fail) throw new Error('source down');
      return 1;
    };
    await cache.getOrSet('g', loader, { ttl: 1, grace: '1h', tags: ['t'] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    fail = true;
    expect(await cache.getOrSet('g', loader, { ttl: 1, grace: '1h' })).toBe(1);
    expect(events[0]).toEqual(['stale', expect.objectContaining({ key: 'g', method: 'getOrSet', reason: 'grace', tags: ['t'] })]);
    chaos.alwaysThrow();
    fail = false;
    await cache.getOrSet('h', loader);
    expect(events.some(([name, p]) => name === 'error' && (p as CacheEventMap['error']).key === 'h')).toBe(true);
    expect(cache.stats().errors).toBeGreaterThan(0);
  });

  it('a listener that throws never breaks the call; it is logged and counted', async () => {
    const logger = pinoLike('info');
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), logger });
    cache.on('miss', () => {
      throw new Error('bad listener');
    });
    const off = cache.on('hit', () => {
      throw new Error('bad listener');
    });
    const users = new UserService();
    expect(await users.getUser('1')).toMatchObject({ id: '1' });
    expect(await users.getUser('1')).toMatchObject({ id: '1' });
    off();
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(2);
    expect(cache.stats().errors).toBe(2);
  });
});

describe('logging', () => {
  it('writes debug lines only when the logger wants debug, and never values', async () => {
    const logger = pinoLike('info');
    CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), logger });
    const users = new UserService();
    await users.getUser('123');
    expect(logger.lines.filter((l) => l.level === 'debug')).toHaveLength(0);
    logger.level = 'debug';
    await users.getUser('123');
    await users.update('123');
    const debug = logger.lines.filter((l) => l.level === 'debug').map((l) => l.msg);
    expect(debug).toEqual(['cache hit users:user:123', 'cache invalidate tags user:123 (1 removed)']);
    expect(JSON.stringify(logger.lines)).not.toContain('value-of-');
  });

  it('warns on store errors with the key and operation', async () => {
    const logger = pinoLike('info');
    CacheModule.configure({ store: new ChaosStore(new MemoryStore({ maxEntries: 100 })).alwaysThrow(), logger });
    await new UserService().getUser('5');
    const warn = logger.lines.find((l) => l.level === 'warn');
    expect(warn?.msg).toMatch(/get failed/);
    expect(warn?.obj).toMatchObject({ key: 'users:user:5', operation: 'get' });
  });

  it('hit and miss events of an asynchronous store carry how long its read took', async () => {
    // ChaosStore has no getSync: every read goes through the store's promise, as on Redis.
    const cache = CacheModule.configure({ store: new ChaosStore(new MemoryStore({ maxEntries: 100 })) });
    const durations: Array<[string, unknown]> = [];
    cache.on('miss', (event) => void durations.push(['miss', event.durationMs]));
    cache.on('hit', (event) => void durations.push(['hit', event.durationMs]));
    const users = new UserService();
    await users.getUser('7');
    await users.getUser('7');
    expect(durations).toEqual([
      ['miss', expect.any(Number)],
      ['hit', expect.any(Number)],
    ]);
  });

  it('redactKeys replaces keys, tags and patterns by a stable short hash in logs and events', async () => {
    const logger = pinoLike('debug');
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), logger, redactKeys: true });
    const events: Array<[string, unknown]> = [];
    cache.on('set', record(events, 'set'));
    cache.on('hit', record(events, 'hit'));
    const users = new UserService();
    await users.getUser('123');
    await users.getUser('123');
    const text = JSON.stringify({ events, lines: logger.lines });
    expect(text).not.toContain('123');
    const [set, hit] = events.map(([, p]) => p as CacheEventMap['set']);
    expect(set.key).toMatch(/^#[0-9a-f]{12}$/);
    expect(hit.key).toBe(set.key);
    expect(set.tags.every((tag) => /^#[0-9a-f]{12}$/.test(tag))).toBe(true);
    expect(logger.lines.some((l) => l.msg === `cache hit ${set.key}`)).toBe(true);
  });
});
