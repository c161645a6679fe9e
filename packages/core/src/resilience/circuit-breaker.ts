import { CacheClosedError, CacheConfigError, CacheKeyError, CacheSerializationError } from '../errors';
import { CircuitOpenError } from './circuit-open-error';
import { resolveBreakerOptions } from './circuit-breaker.options';
import type { BreakerState, CircuitBreakerOptions, ResolvedCircuitBreakerOptions } from './circuit-breaker.options';

/** Handed out by {@link CircuitBreaker.acquire} for one operation; give it back to `success` or `failure`. */
export interface BreakerTicket {
  /** True for the one operation let through to test a backend after its cool-down. */
  readonly probe: boolean;
  /** Internal: the breaker state this ticket was issued in. */
  readonly epoch: number;
}

/** Counters of a {@link CircuitBreaker} (a snapshot). */
export interface CircuitBreakerStats {
  readonly state: BreakerState;
  /** Failures since the last success. */
  readonly consecutiveFailures: number;
  /** Times the breaker opened (a failed probe counts again). */
  readonly opens: number;
  /** Probes let through. */
  readonly probes: number;
  /** Operations refused without reaching the backend. */
  readonly rejected: number;
}

/**
 * Stops sending work to a backend that keeps failing.
 *
 * - **closed**: everything goes through; `failureThreshold` consecutive
 *   failures open it.
 * - **open**: every operation is refused at once with a {@link CircuitOpenError}
 *   (nothing reaches the backend) for `cooldown`.
 * - **half-open**: after the cool-down, the next operation is the one probe;
 *   the others are still refused. Its success closes the breaker, its failure
 *   opens it for another cool-down. A probe that has not settled after a whole
 *   cool-down is given up on, so a hung backend cannot wedge the breaker.
 *
 * No timer runs: the cool-down is checked when an operation arrives, so an
 * idle breaker keeps nothing alive. Time is `Date.now()` (jest fake timers move it).
 *
 * @example
 * const breaker = new CircuitBreaker('redis', { failureThreshold: 5, cooldown: '1s' });
 * const value = await breaker.run('get', () => client.get(key));
 */
export class CircuitBreaker {
  private readonly options: ResolvedCircuitBreakerOptions;
  private current: BreakerState = 'closed';
  private failures = 0;
  /** When the breaker last opened, or when the probe out now was let through. */
  private since = 0;
  /** Advanced by every change of state: results of tickets from an older state are ignored. */
  private epoch = 0;
  private counts = { opens: 0, probes: 0, rejected: 0 };

  /**
   * @param name names the backend in errors (`CircuitOpenError.store`)
   * @throws CacheConfigError for invalid options
   */
  constructor(
    readonly name: string,
    options?: CircuitBreakerOptions,
  ) {
    if (typeof name !== 'string' || name.length === 0) throw new CacheConfigError('CircuitBreaker needs a non-empty name (it appears in errors).');
    this.options = resolveBreakerOptions(options);
  }

  /** A breaker from options already checked by `resolveBreakerOptions` (stores validate theirs in their constructor). */
  static fromResolved(name: string, resolved: ResolvedCircuitBreakerOptions): CircuitBreaker {
    return new CircuitBreaker(name, { failureThreshold: resolved.failureThreshold, cooldown: resolved.cooldownMs, onStateChange: resolved.onStateChange });
  }

  /** The current state. */
  get state(): BreakerState {
    return this.current;
  }

  /** The configured cool-down, in milliseconds. */
  get cooldownMs(): number {
    return this.options.cooldownMs;
  }

  /**
   * Asks to send one operation.
   * @throws CircuitOpenError when the breaker refuses it (open, or a probe is already out)
   */
  acquire(operation: string): BreakerTicket {
    if (this.current === 'closed') return { probe: false, epoch: this.epoch };
    const waited = Date.now() - this.since;
    if (waited >= this.options.cooldownMs) {
      // Open past its cool-down, or a probe that never settled: let a (new) probe through.
      this.since = Date.now();
      this.counts.probes++;
      this.move('half-open');
      return { probe: true, epoch: this.epoch };
    }
    this.counts.rejected++;
    const retryIn = this.current === 'open' ? this.options.cooldownMs - waited : 0;
    throw new CircuitOpenError(this.name, operation, this.failures, retryIn);
  }

  /** The operation of `ticket` succeeded: the backend answers. */
  success(ticket: BreakerTicket): void {
    if (ticket.epoch !== this.epoch) return;
    this.failures = 0;
    if (ticket.probe) this.move('closed');
  }

  /** The operation of `ticket` failed in a way that says the backend is unavailable. */
  failure(ticket: BreakerTicket): void {
    if (ticket.epoch !== this.epoch) return;
    this.failures++;
    if (ticket.probe || this.failures >= this.options.failureThreshold) this.open();
  }

  /**
   * Runs `operation` under the breaker: refused at once while open; its
   * outcome is recorded. Errors for which `isFailure` is false (the backend
   * answered, the input was bad) count as successes for the breaker and are
   * rethrown unchanged.
   */
  async run<T>(operation: string, fn: () => Promise<T>, isFailure: (error: unknown) => boolean = isOutage): Promise<T> {
    const ticket = this.acquire(operation);
    try {
      const value = await fn();
      this.success(ticket);
      return value;
    } catch (error) {
      if (isFailure(error)) this.failure(ticket);
      else this.success(ticket);
      throw error;
    }
  }

  /**
   * The backend signalled that it is back (e.g. the connection is ready
   * again): an open breaker lets its probe through with the next operation
   * instead of waiting out the rest of its cool-down.
   */
  probeSoon(): void {
    if (this.current === 'open') this.since = Date.now() - this.options.cooldownMs;
  }

  /**
   * The backend answered after all (e.g. a reply that arrived late, after a
   * stall opened the breaker): it is alive, so an open or half-open breaker
   * closes at once. A brief stall (a slow script on a healthy server) then
   * costs no more than its own length; a frozen server never answers and
   * stays behind the breaker.
   */
  alive(): void {
    if (this.current === 'closed') return;
    this.failures = 0;
    this.move('closed');
  }

  /** Counters (a snapshot). */
  stats(): CircuitBreakerStats {
    return { state: this.current, consecutiveFailures: this.failures, ...this.counts };
  }

  private open(): void {
    this.since = Date.now();
    this.counts.opens++;
    this.move('open');
  }

  private move(state: BreakerState): void {
    const previous = this.current;
    this.epoch++;
    this.current = state;
    if (previous === state || this.options.onStateChange === undefined) return;
    try {
      this.options.onStateChange(state, previous);
    } catch (error) {
      // Runs inside store calls: a throwing listener must not turn into a store failure.
      console.warn(`cachet CircuitBreaker '${this.name}': onStateChange threw (${String(error)}); the breaker went on`);
    }
  }
}

/**
 * True when an error says the backend is unavailable. Bad input (a value
 * that cannot be serialized, a bad key, a closed store) says nothing about
 * the backend, so it never opens a breaker.
 */
export function isOutage(error: unknown): boolean {
  return !(error instanceof CacheSerializationError || error instanceof CacheConfigError || error instanceof CacheKeyError || error instanceof CacheClosedError);
}
