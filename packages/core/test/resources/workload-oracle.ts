/**
 * What the resource contract says a cached read depends on and what a
 * mutation invalidates, written independently of the implementation, so the
 * test can tell which reads no mutation touched since they were cached
 * ("unaffected": they must be hits) from those it did.
 */
export class ContractModel {
  /** Cached read → the tags the contract gives it. */
  private readonly cached = new Map<string, Set<string>>();

  /** True when `read` was cached and no mutation since touched any of its tags. */
  isUnaffected(read: string): boolean {
    return this.cached.has(read);
  }

  userRead(id: number): void {
    this.cached.set(`user:${id}`, new Set(['user', `user:${id}`]));
  }

  queryRead(city: string, ids: number[]): void {
    this.cached.set(`city:${city}`, new Set(['user', 'user:queries', ...ids.map((id) => `user:${id}`)]));
  }

  relationRead(userId: number, orderIds: number[]): void {
    this.cached.set(`orders-of:${userId}`, new Set(['order', 'user', `user:${userId}`, `user:${userId}:~order`, ...orderIds.map((id) => `order:${id}`)]));
  }

  orderRead(id: number): void {
    this.cached.set(`order:${id}`, new Set(['order', `order:${id}`]));
  }

  /** A mutation invalidated these tags: forget every read carrying one. */
  invalidated(...tags: string[]): void {
    for (const [read, readTags] of this.cached) if (tags.some((tag) => readTags.has(tag))) this.cached.delete(read);
  }
}

/** Deterministic pseudo-random numbers, shared with the other scenario tests. */
export { seededRandom as seeded } from '../../../../test-support/scenarios/random';
