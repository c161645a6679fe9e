import { CacheConfigError } from '../errors';
import type { ResourceId } from './resource-tags';

/** Names of the methods of `T` that take an id first. */
export type ByIdMethod<T> = { [K in keyof T]: T[K] extends (id: never, ...rest: never[]) => unknown ? K : never }[keyof T] & string;

/** Options of `warmResource`. */
export interface WarmResourceOptions {
  /** Reads running at once. @default 4 */
  concurrency?: number;
}

/** What `warmResource` resolves to. */
export interface WarmResourceSummary {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  /** The first 20 failures (`failed` counts all of them). */
  readonly errors: ReadonlyArray<{ readonly id: ResourceId; readonly error: unknown }>;
}

/**
 * Fills the cache of a by-id read (typically a `@CachedById` method) for the
 * given ids, at most `concurrency` reads at a time, e.g. the hottest records
 * at start-up. A failing read is counted and kept, never thrown.
 *
 * @example await warmResource(users, 'findById', [1, 2, 3], { concurrency: 8 })
 */
export async function warmResource<T extends object>(repo: T, method: ByIdMethod<T>, ids: Iterable<ResourceId>, options: WarmResourceOptions = {}): Promise<WarmResourceSummary> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CacheConfigError(`warmResource: concurrency must be a positive integer, got ${String(concurrency)}.`);
  const read = (repo as Record<string, unknown>)[method];
  if (typeof read !== 'function') throw new CacheConfigError(`warmResource: ${repo.constructor.name}.${method} is not a method.`);
  const queue = [...ids];
  const errors: Array<{ id: ResourceId; error: unknown }> = [];
  let succeeded = 0;
  let failed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const id = queue[next++];
      try {
        await (read as (id: ResourceId) => unknown).call(repo, id);
        succeeded++;
      } catch (error) {
        failed++;
        if (errors.length < 20) errors.push({ id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return { total: queue.length, succeeded, failed, errors };
}
