/** Keys remembered at most: past this, keys whose backoff has passed are dropped, then the oldest. */
const MAX_KEYS = 10_000;

/**
 * After a load of a key that has a stale value fails, callers get the stale
 * value without calling the method until the backoff passes; then one call
 * (single-flight) tries again. This keeps a failing source from being hit by
 * every request while it is down — at most one call per key per backoff.
 * Keys without a stale value are never backed off: their callers must see
 * the method's error, and errors are never cached.
 */
export class GraceBackoff {
  /** Key → epoch ms before which the method is not called again. Insertion order ≈ age. */
  private readonly retryAt = new Map<string, number>();

  /** True while `key` is backed off. */
  blocks(key: string, now: number): boolean {
    if (this.retryAt.size === 0) return false;
    const until = this.retryAt.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    this.retryAt.delete(key);
    return false;
  }

  /** A load of `key` failed while a stale value was there: back off for `ms`. */
  failed(key: string, ms: number, now = Date.now()): void {
    this.retryAt.delete(key); // re-insert at the end: the map stays ordered by age
    this.retryAt.set(key, now + ms);
    if (this.retryAt.size > MAX_KEYS) this.prune(now);
  }

  /** A load of `key` succeeded: the source is back. */
  succeeded(key: string): void {
    if (this.retryAt.size !== 0) this.retryAt.delete(key);
  }

  /** Keys backed off now (for tests and health). */
  get size(): number {
    return this.retryAt.size;
  }

  private prune(now: number): void {
    for (const [key, until] of this.retryAt) if (until <= now) this.retryAt.delete(key);
    // Still too many keys failing at once: forgetting the oldest only means one extra call for each.
    for (const key of this.retryAt.keys()) {
      if (this.retryAt.size <= MAX_KEYS) break;
      this.retryAt.delete(key);
    }
  }
}
