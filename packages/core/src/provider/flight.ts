import type { CacheEntry } from '../contracts/cache-entry';

/** What a deadline of a {@link Flight} resolves to when it passes before the load. */
export const TIMED_OUT: unique symbol = Symbol('cachet.timedOut');
export type TimedOut = typeof TIMED_OUT;

/**
 * One load of one key in this process, shared by every caller that waits for
 * it (single-flight). It remembers the stale entry it may fall back on, and
 * hands out deadlines measured from its start, shared by every caller with
 * the same limit, so a thousand waiting callers cost one timer, not a thousand.
 */
export class Flight<T> {
  /** Epoch ms the load started. */
  readonly startedAt = Date.now();
  /** True once the load resolved or failed. */
  settled = false;
  /**
   * True once some caller stopped waiting for the load (served stale, or timed
   * out): a failure then has nobody to reach, so the engine reports it.
   */
  abandoned = false;
  private deadlines: Map<number, { promise: Promise<TimedOut>; timer: NodeJS.Timeout }> | undefined;

  constructor(
    /** The load: resolves to the loaded value (or one read from another instance), rejects with the method's error. */
    readonly result: Promise<T>,
    /** The expired entry (or, for an early refresh, the still fresh one) callers may be given instead. */
    readonly stale: CacheEntry | undefined,
  ) {
    const settle = () => {
      this.settled = true;
      // Callers still racing a deadline got their answer from the load: the timers have nothing left to do.
      if (this.deadlines !== undefined) for (const { timer } of this.deadlines.values()) clearTimeout(timer);
      this.deadlines = undefined;
    };
    result.then(settle, settle);
  }

  /** Resolves to {@link TIMED_OUT} `limitMs` after the load started (at once if that has passed). */
  deadline(limitMs: number): Promise<TimedOut> {
    const remaining = this.startedAt + limitMs - Date.now();
    if (remaining <= 0) return Promise.resolve(TIMED_OUT);
    this.deadlines ??= new Map();
    let deadline = this.deadlines.get(limitMs);
    if (deadline === undefined) {
      let timer!: NodeJS.Timeout;
      const promise = new Promise<TimedOut>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), remaining);
      });
      // A timed-out caller must not keep the process alive; the load itself does while it runs.
      timer.unref();
      deadline = { promise, timer };
      this.deadlines.set(limitMs, deadline);
    }
    return deadline.promise;
  }
}
