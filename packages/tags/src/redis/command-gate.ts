import { CacheStoreError, CircuitOpenError, startDeadline } from '@cachet/core';
import type { BreakerTicket, CircuitBreaker } from '@cachet/core';
import type { RedisClient } from '../lua/script';
import { raceCommandDeadline, withCommandDeadline } from './command-deadline';
import { watchConnection } from './connection-watch';
import type { ConnectionWatch } from './connection-watch';
import type { CommandGateStats } from './command-gate-stats';
import { NOT_AFTER, measureServerOffset } from './server-clock';
import type { NotAfter } from './server-clock';
import { isUnavailable } from './unavailable-error';
import { sendUnpipelined } from './unpipelined-send';

/**
 * Commands one gate keeps in flight at most; later ones wait in this process,
 * unsent, for a free slot. Their deadline starts when they are sent, so it
 * measures how fast Redis answers, not how large the caller's burst was, and
 * a command that waits here can still be refused (breaker) without risk.
 */
const MAX_IN_FLIGHT = 128;

/**
 * The one way cachet's Redis commands reach a client (the store's and its tag
 * index's): every command goes through the circuit breaker, is sent only on a
 * connected client, and must answer within `commandTimeout`, whatever the
 * client's own settings (offline queue, retries).
 *
 * - A command is never handed to a client that lost its connection: it fails
 *   at once, so nothing waits in ioredis' offline queue to be replayed after
 *   a reconnect. While the very first connection attempt is in progress it
 *   may wait for it, within its deadline (a store used right after
 *   `new RedisStore({ url })`).
 * - Writes carry a `notAfter` in the server's clock (see {@link notAfter}):
 *   one still in a socket when its deadline passed is refused by Redis.
 * - A reconnect asks the breaker to probe at once (`probeSoon`).
 */
export class CommandGate {
  private readonly watch: ConnectionWatch;
  private offset: number | undefined;
  /** The last measured offset, used at send time (a re-measure may be pending after a reconnect). */
  private lastOffset = 0;
  private inFlight = 0;
  private readonly slots: Array<() => void> = [];
  private measuring: Promise<number> | undefined;
  private readonly counts = { sent: 0, timedOut: 0, stalled: 0, notConnected: 0, lateWrites: 0 };
  /** When the connection last answered anything (a value or an error reply). */
  private lastReplyAt = 0;

  constructor(
    private readonly client: RedisClient,
    /** Names the store in errors. */
    readonly name: string,
    /** Deadline of each command, in ms. */
    readonly commandTimeoutMs: number,
    /** A command waiting this long while the connection answers nothing counts as a breaker failure. */
    readonly stallTimeoutMs: number,
    /** The breaker in front of the connection, or undefined when disabled. */
    readonly breaker: CircuitBreaker | undefined,
  ) {
    this.watch = watchConnection(client, () => this.connectionReady());
  }

  /**
   * Runs one command `send` under the breaker, the connection check and the
   * deadline. The breaker hears a failure as soon as the command has waited
   * `stallTimeout` on a connection that answered nothing meanwhile (a frozen
   * server); a command merely queued behind others on a busy connection that
   * keeps answering waits, up to `commandTimeout`, without counting.
   *
   * A command sent while no other of this gate's is in flight skips ioredis'
   * auto-pipeline (see sendUnpipelined); `batched` makes every send skip it,
   * for a command that is itself a batch (an MGET of coalesced reads).
   */
  run<T>(command: string, send: () => Promise<T>, batched = false): Promise<T> {
    return new Promise<T>((resolve, reject) => this.runTo(command, send, batched, resolve, reject));
  }

  /**
   * {@link run}, handing the outcome to `onValue` or `onError` (exactly one of
   * them runs, once) instead of a promise of its own: for a caller that settles
   * its own promises, the store's read batch on every Redis read, that is one
   * promise and one reaction less per command.
   */
  runTo<T>(command: string, send: () => Promise<T>, batched: boolean, onValue: (value: T) => void, onError: (error: unknown) => void): void {
    let ticket: BreakerTicket | undefined;
    try {
      ticket = this.breaker?.acquire(command);
    } catch (error) {
      onError(error);
      return;
    }
    // Connected with a slot free (every command of a Redis hit, nearly always): no async function to await in.
    if (this.inFlight < MAX_IN_FLIGHT && this.isConnectedNow()) {
      this.inFlight++;
      this.sendHeld(command, send, ticket, batched, onValue, onError);
      return;
    }
    this.runWaiting(command, ticket).then(
      () => this.sendHeld(command, send, ticket, batched, onValue, onError),
      onError,
    );
  }

  /** Waits for the first connection or for a free slot; resolves holding a slot, or rejects (the ticket settled). */
  private async runWaiting(command: string, ticket: BreakerTicket | undefined): Promise<void> {
    let holdsSlot = false;
    try {
      if (!this.isConnectedNow()) await this.connected(command);
      if (this.inFlight < MAX_IN_FLIGHT) {
        this.inFlight++;
        holdsSlot = true;
      } else {
        holdsSlot = await this.takeSlot(command, ticket?.probe === true);
      }
    } catch (error) {
      this.failed(error, ticket, false);
      if (holdsSlot) this.releaseSlot();
      throw error;
    }
  }

  /**
   * Sends a command that holds a slot, under the stall check and
   * `commandTimeout`; settles its breaker ticket and frees the slot, then
   * hands the outcome on. No promise of its own: this runs on every command.
   */
  private sendHeld<T>(command: string, send: () => Promise<T>, ticket: BreakerTicket | undefined, batched: boolean, onValue: (value: T) => void, onError: (error: unknown) => void): void {
    const started = Date.now();
    this.counts.sent++;
    let pending: Promise<T>;
    try {
      // Alone (nothing else of ours is in flight), or a batch already: there is nothing to pipeline it with.
      pending = batched || this.inFlight === 1 ? sendUnpipelined(this.client, send) : send();
    } catch (error) {
      this.failed(error, ticket, false);
      this.releaseSlot();
      onError(error);
      return;
    }
    // Whether the command settled (value, error or timeout). The stall check runs in a setImmediate that
    // settling cannot cancel: once the outcome was counted, a late check must not count it again.
    let settled = false;
    /** The breaker already heard of this command as stalled. */
    let counted = false;
    const stall = (): void => {
      if (settled || counted || Date.now() - this.lastReplyAt < this.stallTimeoutMs) return;
      counted = true;
      this.counts.stalled++;
      if (ticket) this.breaker?.failure(ticket);
    };
    const finish = (): void => {
      settled = true;
      stallCheck.settle();
      this.releaseSlot();
    };
    // Both deferred by one setImmediate: replies already read from the socket (poll phase) count first,
    // so an event loop that was blocked (a GC pause, a busy test runner) is not mistaken for a slow Redis.
    const stallCheck = startDeadline(this.stallTimeoutMs, () => setImmediate(stall));
    raceCommandDeadline(
      pending,
      Math.max(1, this.commandTimeoutMs - (Date.now() - started)),
      (value) => {
        finish();
        this.replied(counted);
        if (ticket) this.breaker?.success(ticket);
        onValue(value);
      },
      (error) => {
        finish();
        this.failed(error, ticket, counted);
        onError(error);
      },
      () => {
        this.counts.timedOut++;
        const error = new CacheStoreError(this.name, command, `no answer within commandTimeout (${this.commandTimeoutMs} ms)`);
        finish();
        this.failed(error, ticket, counted);
        onError(error);
      },
    );
  }

  /** A command failed (or was refused unsent): tells the breaker whether that says Redis is unavailable. */
  private failed(error: unknown, ticket: BreakerTicket | undefined, counted: boolean): void {
    const unavailable = isUnavailable(error);
    if (!unavailable) this.replied(counted);
    if (ticket && !counted && !(error instanceof CircuitOpenError)) {
      if (unavailable) this.breaker?.failure(ticket);
      else this.breaker?.success(ticket);
    }
  }

  /** The server-clock deadline of a write sent now (see {@link NotAfter}). */
  deadlineNow(): number {
    return Date.now() + (this.offset ?? this.lastOffset) + this.commandTimeoutMs;
  }

  /**
   * Waits for one of the MAX_IN_FLIGHT slots. A command that waited while the
   * breaker opened is refused here, unsent (a probe goes on).
   */
  private async takeSlot(command: string, probe: boolean): Promise<boolean> {
    if (this.inFlight >= MAX_IN_FLIGHT) {
      await new Promise<void>((resolve) => this.slots.push(resolve));
      // The connection may have dropped while this command waited: never hand a command to a
      // disconnected client, whose offline queue would send it after a reconnect.
      if (!this.isConnectedNow()) {
        this.releaseSlot();
        this.counts.notConnected++;
        throw new CacheStoreError(this.name, command, `not connected to Redis (connection ${this.client.status}); not sent`);
      }
      const breaker = this.breaker;
      if (breaker !== undefined && breaker.state !== 'closed' && !probe) {
        this.releaseSlot();
        throw new CircuitOpenError(breaker.name, command, breaker.stats().consecutiveFailures, 0);
      }
    } else {
      this.inFlight++;
    }
    return true;
  }

  /** Hands the slot to the next waiting command (it keeps the count), or frees it. */
  private releaseSlot(): void {
    const next = this.slots.shift();
    if (next) next();
    else this.inFlight--;
  }

  /** The connection answered: note when, and if this command had stalled, the server is alive after all. */
  private replied(stalled: boolean): void {
    this.lastReplyAt = Date.now();
    if (stalled) this.breaker?.alive();
  }

  /**
   * The `notAfter` argument of a write: the gate replaces it, when it sends
   * the command, with the epoch ms in the Redis server's clock after which the
   * write must not be applied (send time + clock offset + `commandTimeout`).
   * The offset is measured with one TIME (through this gate) after each
   * (re)connect, before the first write.
   */
  async notAfter(): Promise<NotAfter> {
    if (this.offset === undefined) await this.measureOffset();
    return NOT_AFTER;
  }

  /**
   * Redis refused a write as late although its reply came in time: our idea of
   * the server clock is off. Counted, and measured again before the next write.
   */
  clockSuspect(): void {
    this.counts.lateWrites++;
    this.offset = undefined;
  }

  /** Counters (a snapshot). */
  stats(): CommandGateStats {
    return { ...this.counts };
  }

  /** Stops listening to the client (which stays open: its owner closes it). */
  close(): void {
    this.watch.stop();
  }

  private connectionReady(): void {
    // After a reconnect the server may be another machine (failover): measure its clock again.
    this.offset = undefined;
    this.breaker?.probeSoon();
  }

  /** 'ready', or 'wait': a lazyConnect client that connects on its first command (ioredis does that). */
  private isConnectedNow(): boolean {
    const { status } = this.client;
    return status === 'ready' || status === 'wait';
  }

  /** Resolves when the command may be sent; throws when the connection is down. */
  private async connected(command: string): Promise<void> {
    const { status } = this.client;
    if (this.isConnectedNow()) return;
    // Only while the very first attempt is in progress: once it failed, Redis is known to be away.
    if ((status === 'connecting' || status === 'connect') && !this.watch.everReady) {
      await this.waitForFirstConnection();
      if (this.client.status === 'ready') return;
    }
    this.counts.notConnected++;
    throw new CacheStoreError(this.name, command, `not connected to Redis (connection ${this.client.status}); not sent`);
  }

  /** Waits for the first 'ready' (or 'end'), at most `commandTimeout`. */
  private waitForFirstConnection(): Promise<void> {
    return withCommandDeadline(this.watch.nextReady(), this.commandTimeoutMs, () => new Error('first connection not ready')).catch(() => undefined);
  }

  private measureOffset(): Promise<number> {
    this.measuring ??= (async () => {
      try {
        const offset = await measureServerOffset(this, this.client);
        this.offset = offset;
        this.lastOffset = offset;
        return offset;
      } finally {
        this.measuring = undefined;
      }
    })();
    return this.measuring;
  }
}

