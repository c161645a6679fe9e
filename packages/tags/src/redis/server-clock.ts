import type { RedisClient } from '../lua/script';
import type { CommandGate } from './command-gate';

/**
 * Stands for "the deadline of this write" in a command's arguments; the gate
 * puts the number in when it sends the command (server epoch ms: send time +
 * measured clock offset + `commandTimeout`).
 */
export class NotAfter {
  /** Replaced at send time; never sent as is. */
  toString(): string {
    throw new Error('NotAfter must be resolved by the command gate before sending');
  }
}

/** The placeholder every write passes (stateless). */
export const NOT_AFTER = new NotAfter();

/**
 * Milliseconds the Redis server's clock is ahead of ours, from one TIME sent
 * through `gate` (so it obeys the breaker and the deadline like any command),
 * taking the reply as read at the midpoint of the round trip.
 */
export async function measureServerOffset(gate: CommandGate, client: RedisClient): Promise<number> {
  const before = Date.now();
  const [seconds, micros] = await gate.run('time', () => client.time());
  const after = Date.now();
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000) - Math.round((before + after) / 2);
}
