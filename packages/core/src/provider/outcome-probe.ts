import { AsyncLocalStorage } from 'node:async_hooks';

/** How a cached call was answered: from the cache, by joining a load in flight, or by running the method. */
export type CallOutcome = 'hit' | 'joined' | 'loaded';

/** The slot a probed call writes its outcome into. */
export interface OutcomeSlot {
  outcome: CallOutcome | undefined;
}

const slots = new AsyncLocalStorage<OutcomeSlot>();
/** Probes running now; while 0 the engine skips the AsyncLocalStorage lookup entirely. */
let active = 0;

/**
 * Runs `call` and records how the cached call inside it was answered. Used by
 * `warm` to tell loaded entries from entries that were already cached, however
 * many calls run concurrently (each gets its own slot through async context).
 */
export async function probeOutcome<T>(call: () => Promise<T>): Promise<{ value: T; outcome: CallOutcome | undefined }> {
  const slot: OutcomeSlot = { outcome: undefined };
  active++;
  try {
    const value = await slots.run(slot, call);
    return { value, outcome: slot.outcome };
  } finally {
    active--;
  }
}

/** Called by the engine: notes the outcome of the current call if a probe is listening. */
export function noteOutcome(outcome: CallOutcome): void {
  if (active === 0) return;
  const slot = slots.getStore();
  // The first answer wins: a background refresh of the same call must not overwrite it.
  if (slot !== undefined && slot.outcome === undefined) slot.outcome = outcome;
}
