import type { CommandGate } from './command-gate';

/** Counters of a {@link CommandGate} (a snapshot). */
export interface CommandGateStats {
  /** Commands handed to the client. */
  readonly sent: number;
  /** Commands that missed `commandTimeout`. */
  readonly timedOut: number;
  /** Commands that waited `stallTimeout` while the connection gave no reply at all (each counted as a breaker failure). */
  readonly stalled: number;
  /** Commands refused without being sent because the connection was down. */
  readonly notConnected: number;
  /** Writes that Redis refused because they arrived after their `notAfter` while we still waited (a sign of clock drift). */
  readonly lateWrites: number;
}
