/**
 * Deadlines for store commands without a timer each.
 *
 * Why: a Redis hit takes a few tens of microseconds and carries up to three
 * deadlines (storeTimeout, commandTimeout, the stall check). A `setTimeout` +
 * `clearTimeout` each cost ~1.7 µs of the ~10 µs a hit spends in this process
 * at 100 calls in flight (W2). Here a deadline is one small object on a queue
 * per duration; one unref'd timer per queue is armed for the earliest pending
 * deadline only, and left to run out rather than cleared when the queue empties.
 *
 * Deadlines of one duration fall due in the order they started, and commands
 * on one connection mostly settle in that order too, so settling drops the
 * finished ones from the front at once and the queue holds about what is in flight.
 * A deadline never fires early: its callback runs only once `performance.now()`
 * has reached its due time (a timer that fires early is re-armed). Under fake
 * timers, which replace `setTimeout` and `performance`, a queue of its own
 * follows them.
 */

/** Node's longest timer; a longer delay would fire at once. */
const MAX_DELAY = 2 ** 31 - 1;
/** Queues kept at most; idle ones beyond it are dropped (durations come from configuration, so few exist). */
const MAX_QUEUES = 32;

/** One pending deadline. */
export interface Deadline {
  /** The work finished first: the deadline will not fire. False when it already fired (the work lost the race). */
  settle(): boolean;
}

class Entry implements Deadline {
  constructor(
    /** Cleared once settled or fired. */
    public expire: (() => void) | undefined,
    readonly due: number,
    private readonly queue: DeadlineQueue,
  ) {}

  settle(): boolean {
    if (this.expire === undefined) return false;
    this.expire = undefined;
    this.queue.dropSettled();
    return true;
  }
}

class DeadlineQueue {
  private entries: Entry[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ms: number,
    /** The timer function it was made with: fake timers installed later get a queue of their own. */
    readonly setTimer: typeof setTimeout,
  ) {}

  get idle(): boolean {
    return this.head >= this.entries.length;
  }

  start(expire: () => void): Deadline {
    const entry = new Entry(expire, performance.now() + this.ms, this);
    this.entries.push(entry);
    if (this.timer === undefined) this.arm(this.ms);
    return entry;
  }

  /**
   * Drops settled deadlines from the front. An armed timer is left to fire
   * even when none is left: it then finds nothing and stops, whereas clearing
   * it and arming another for the next command cost a clearTimeout and a
   * setTimeout per command whenever commands run one at a time (three
   * queues per Redis hit: ~5 µs of a sequential hit).
   */
  dropSettled(): void {
    const entries = this.entries;
    let i = this.head;
    while (i < entries.length && entries[i].expire === undefined) i++;
    if (i >= entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (i > 1_024 && i * 2 > entries.length) {
      this.entries = entries.slice(i);
      this.head = 0;
    } else {
      this.head = i;
    }
  }

  private arm(delay: number): void {
    const timer = this.setTimer(this.fire, Math.min(MAX_DELAY, Math.max(1, Math.ceil(delay))));
    (timer as { unref?: () => void }).unref?.();
    this.timer = timer;
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const entries = this.entries;
    let i = this.head;
    try {
      for (; i < entries.length; i++) {
        const entry = entries[i];
        const expire = entry.expire;
        if (expire === undefined) continue;
        if (entry.due > now) break;
        entry.expire = undefined;
        expire();
      }
    } finally {
      // Even if a callback broke its promise not to throw, the deadlines after it stay armed.
      if (this.entries === entries) this.head = i;
      this.dropSettled();
      if (!this.idle && this.timer === undefined) this.arm(this.entries[this.head].due - now);
    }
  };
}

/** One queue per duration: within one, deadlines fall due in the order they started. */
const queues = new Map<number, DeadlineQueue>();

/**
 * Calls `expire` once `ms` have passed, unless the returned deadline is
 * settled first. `expire` runs in a timer callback and must not throw.
 */
export function startDeadline(ms: number, expire: () => void): Deadline {
  let queue = queues.get(ms);
  if (queue === undefined || queue.setTimer !== globalThis.setTimeout) {
    if (queues.size >= MAX_QUEUES) for (const [key, idle] of queues) if (idle.idle) queues.delete(key);
    // A replaced queue keeps its pending deadlines: its own timer still drives them.
    queue = new DeadlineQueue(ms, globalThis.setTimeout);
    queues.set(ms, queue);
  }
  return queue.start(expire);
}
