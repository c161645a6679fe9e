import { Cached, CacheEvict, type CacheProvider } from '@cachet/core';
import { seededRandom, sleep } from './random';

/** How the race invalidates: a tag, a key delete, a revoke pattern, or an @CacheEvict method. */
export type InvalidationKind = 'tag' | 'delete' | 'revoke' | 'evict';

/**
 * 1,000 loads race 1,000 invalidations of the same rows with random timings
 * (each load 20–300 ms, each invalidation at a random point inside it). After
 * both settle, every row is read through the cache and compared with the
 * "database". Resolves to the number of stale reads (must be 0).
 */
export async function raceLoadsAgainstInvalidations(cache: CacheProvider, kind: InvalidationKind, seed: number, rows = 1_000): Promise<number> {
  const random = seededRandom(seed);
  const db = new Map<number, number>();
  class RaceRepo {
    @Cached({ key: 'row:{0}', tags: (id: number) => [`row:${id}`] })
    async read(id: number, delayMs: number) {
      const seen = db.get(id) ?? 0;
      await sleep(delayMs);
      return seen;
    }
    @CacheEvict({ keys: ['row:{0}'] })
    async write(id: number) {
      db.set(id, (db.get(id) ?? 0) + 1);
    }
  }
  const repo = new RaceRepo();
  const invalidate = async (id: number): Promise<unknown> => {
    if (kind === 'evict') return repo.write(id);
    db.set(id, (db.get(id) ?? 0) + 1);
    if (kind === 'tag') return cache.invalidateTags([`row:${id}`]);
    if (kind === 'delete') return cache.delete(`RaceRepo:row:${id}`);
    return cache.revoke(`RaceRepo:row:${id}`);
  };
  await Promise.all(
    Array.from({ length: rows }, async (_, id) => {
      const loadMs = 20 + Math.floor(random() * 280);
      const invalidateAt = Math.floor(random() * loadMs);
      const load = repo.read(id, loadMs);
      await sleep(invalidateAt);
      await invalidate(id);
      await load;
    }),
  );
  let stale = 0;
  for (let id = 0; id < rows; id++) if ((await repo.read(id, 0)) !== db.get(id)) stale++;
  return stale;
}

/**
 * The basic case: a 300 ms load whose tag is invalidated 100 ms in.
 * Resolves to what the early caller got, what the next read got, and how
 * many times the method ran (the next read must load again: 1, 2, 2).
 */
export async function invalidateDuringSlowLoad(cache: CacheProvider): Promise<{ first: number; next: number; loads: number }> {
  let version = 1;
  let loads = 0;
  class SlowVersion {
    @Cached({ key: 'v', tags: ['version'] })
    async read() {
      loads++;
      const seen = version;
      await sleep(300);
      return seen;
    }
  }
  const svc = new SlowVersion();
  const pending = svc.read();
  await sleep(100);
  version = 2;
  await cache.invalidateTags(['version']);
  const first = await pending;
  return { first, next: await svc.read(), loads };
}
