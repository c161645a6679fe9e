import type { WriteToken } from '@cachet/core';

/**
 * How long a write token stays the one handed out, from when it was asked
 * for. Small: an older token only makes the write guard stricter (see
 * {@link SharedToken}), and this bounds that to invalidations of the last few ms.
 */
export const TOKEN_REUSE_MS = 5;

/**
 * Hands out write tokens so that loads starting close together share one,
 * instead of each waiting a Redis round trip (NEXT_GEN) before its loader may start.
 *
 * Why sharing is safe: a token only has to be issued before its load starts,
 * so that an invalidation that comes later is marked newer and refuses the
 * write. Any token whose request completed before the load started does that,
 * however many loads share it. An older token can only refuse more writes
 * (of keys invalidated since it was issued), never let a stale one through:
 * a refused write is a later miss, not a stale read. To keep even that rare,
 * `reset()` retires the shared token whenever this process marks an
 * invalidation, so a load that starts after one here asks for a new token.
 */
export class SharedToken {
  private last: WriteToken | undefined;
  /** `performance.now()` when `last` was asked for: its age counts from the request, conservatively. */
  private askedAt = 0;
  private pending: Promise<WriteToken> | undefined;
  /** `pending`, settled either way: what `prefetch` hands out. */
  private settled: Promise<void> | undefined;
  /** Bumped by `reset()`: a request that was on its way then is not kept for reuse. */
  private epoch = 0;
  /**
   * True from when a token lands until `reuseMs` later (a timer): lets
   * `prefetch`, which runs on every store read, skip the clock reading
   * (`performance.now()` was ~1.5% of a Redis hit's CPU). `take` still
   * judges a token's age by the clock.
   */
  private recent = false;
  /**
   * Whether a load has taken a token since `prefetch` last asked for one.
   * Prefetching only pays while loads happen: a process whose reads all hit
   * would otherwise ask Redis for a token (a script that also writes the
   * counter) every `reuseMs`, for nothing. Starts true, so the first read asks.
   */
  private demanded = true;

  /** @param next issues a new token (one round trip) */
  constructor(
    private readonly next: () => Promise<WriteToken>,
    private readonly reuseMs = TOKEN_REUSE_MS,
  ) {}

  /**
   * A token asked for at most `reuseMs` ago (as is: a load can start in the
   * same turn, ahead of whatever else is queued), the one on its way, or a new one.
   */
  take(): WriteToken | Promise<WriteToken> {
    this.demanded = true;
    return this.request();
  }

  /** The token `take` hands out, without counting as a load's demand. */
  private request(): WriteToken | Promise<WriteToken> {
    const now = performance.now();
    if (this.last !== undefined && now - this.askedAt <= this.reuseMs) return this.last;
    if (this.pending !== undefined) return this.pending;
    const epoch = this.epoch;
    const pending = this.next().then(
      (token) => {
        if (epoch === this.epoch) {
          this.last = token;
          this.askedAt = now;
          this.pending = undefined;
          this.markRecent(epoch);
        }
        return token;
      },
      (error: unknown) => {
        // A failure is never shared: the next load asks again.
        if (epoch === this.epoch) this.pending = undefined;
        throw error;
      },
    );
    this.pending = pending;
    this.settled = pending.then(ignore, ignore);
    return pending;
  }

  /**
   * Asks for a token now unless a fresh one is at hand, so that a `take()`
   * soon after answers without a round trip. Resolves once it is at hand (or
   * failed: a failure is left for that `take()` to see); undefined when one
   * is at hand already, or when no load took a token since the last one
   * asked for here (loads are rare: the next one asks for its own).
   */
  prefetch(): Promise<void> | undefined {
    if (this.recent) return undefined;
    if (this.pending === undefined) {
      if (!this.demanded) return undefined;
      this.demanded = false;
      try {
        if (typeof this.request() === 'number') return undefined;
      } catch {
        return undefined; // thrown synchronously (a closed client): the take() of the load meets it again
      }
    }
    return this.settled;
  }

  private markRecent(epoch: number): void {
    this.recent = true;
    const timer = setTimeout(() => {
      if (epoch === this.epoch) this.recent = false;
    }, this.reuseMs);
    timer.unref?.();
  }

  /** An invalidation is about to be marked: loads starting from now on get a token issued after it. */
  reset(): void {
    this.epoch++;
    this.recent = false;
    this.last = undefined;
    this.pending = undefined;
  }
}

function ignore(): void {}
