/** The one shape every row of the tables is driven through, so workloads stay library-agnostic. */

/** Where entries live: in-process only, Redis only, or an in-process L1 over a Redis L2. */
export type Backend = 'memory' | 'redis' | 'tiered';

/** What a workload hands a library when it opens a cache. */
export interface OpenContext {
  readonly backend: Backend;
  /** Loopback Redis URL (checked by the orchestrator). */
  readonly redisUrl: string;
  /** Unique per case; every Redis key (and tag) the library writes contains it, so cleanup can find them. */
  readonly prefix: string;
  /** Most L1 entries, set the same for every library (the one non-default option besides the prefix and ttl). */
  readonly capacity: number;
  readonly ttlMs: number;
  /**
   * True when the case runs in several processes at once on one Redis (W4
   * distributed): a library whose cross-process single-flight is opt-in turns
   * it on, since that is how its users would ask for it.
   */
  readonly distributed: boolean;
  /** The source: called on a miss. */
  load(key: string): unknown;
}

/** A cache opened for one case, called through the library's idiomatic read-through API. */
export interface CacheUnderTest {
  /** Read-through: the cached value, or `load(key)` stored and returned. A floor may answer synchronously. */
  get(key: string): unknown;
  /** Read-through that tags what it stores (only libraries with tags). */
  getTagged?(key: string, tags: readonly string[]): Promise<unknown>;
  /** Invalidates every entry under `tag`. */
  invalidateTag?(tag: string): Promise<void>;
  close(): Promise<void>;
}

/** One row's library: opens a cache on the backend the workload asks for. */
export interface Library {
  open(ctx: OpenContext): Promise<CacheUnderTest>;
}

/** Host and port of a redis:// URL, for libraries that take connection options rather than a URL or client. */
export function redisEndpoint(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 6379) };
}
