import type { CacheProvider } from '../provider/cache-provider';
import { internalsOf } from '../provider/provider-internals';
import { summarize, type CacheStats } from '../provider/cache-stats';

/**
 * Management actions over one provider, optionally narrowed to one class
 * namespace. Keys and patterns are relative to the namespace when there is
 * one (`delete('user:1')` removes `users:user:1` for namespace `users`), else
 * to the provider namespace. Nothing here ever returns a cached value.
 */
export interface CacheAdmin {
  /** The provider acted on (resolved at each call). */
  readonly provider: CacheProvider;
  /** The class namespace every key is under, or undefined for the whole provider. */
  readonly namespace: string | undefined;
  /** Removes every entry of the namespace (or, without one, of the provider's store). */
  clear(): Promise<void>;
  /** Deletes keys; resolves to how many existed. */
  delete(...keys: string[]): Promise<number>;
  /** Deletes keys matching a glob; resolves to how many. */
  revoke(pattern: string): Promise<number>;
  /**
   * Removes the entries carrying any of `tags`; resolves to how many. With a
   * namespace, only that namespace's entries go (they are looked up through
   * the tag index and deleted by key); entries of other classes keep the tag.
   */
  invalidateTags(tags: readonly string[]): Promise<number>;
  /** Keys recorded under `tag` (within the namespace, relative to it). */
  keysForTag(tag: string): Promise<string[]>;
  /** Provider stats; with a class, only that class's methods (`'Class.method'`) and their totals. */
  stats(): CacheStats;
}

/** A {@link CacheAdmin} over `resolve()`'s provider, scoped to `namespace` and `className` when given. */
export class ScopedCache implements CacheAdmin {
  constructor(
    private readonly resolve: () => CacheProvider,
    readonly namespace: string | undefined,
    private readonly className?: string,
  ) {}

  get provider(): CacheProvider {
    return this.resolve();
  }

  async clear(): Promise<void> {
    if (this.namespace === undefined) await this.provider.clear();
    else await this.provider.revoke(`${this.namespace}:*`);
  }

  delete(...keys: string[]): Promise<number> {
    return this.provider.delete(...keys.map((key) => this.full(key)));
  }

  revoke(pattern: string): Promise<number> {
    return this.provider.revoke(this.full(pattern));
  }

  async invalidateTags(tags: readonly string[]): Promise<number> {
    const provider = this.provider;
    if (this.namespace === undefined) return provider.invalidateTags(tags);
    const keys = new Set<string>();
    for (const tag of tags) for (const key of await provider.keysForTag(tag)) if (key.startsWith(`${this.namespace}:`)) keys.add(key);
    return keys.size === 0 ? 0 : provider.delete(...keys);
  }

  async keysForTag(tag: string): Promise<string[]> {
    const keys = await this.provider.keysForTag(tag);
    if (this.namespace === undefined) return keys;
    const prefix = `${this.namespace}:`;
    return keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  stats(): CacheStats {
    const provider = this.provider;
    if (this.className === undefined) return provider.stats();
    const own = `${this.className}.`;
    const counters = [...internalsOf(provider).runtime.counters].filter(([method]) => method.startsWith(own));
    const methods: CacheStats['methods'] = {};
    for (const [method, c] of counters) methods[method] = c.snapshot();
    return { ...summarize(counters.map(([, c]) => c)), methods };
  }

  private full(relative: string): string {
    return this.namespace === undefined ? relative : `${this.namespace}:${relative}`;
  }
}
