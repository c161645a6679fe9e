import type { EventEmitter } from 'node:events';
import type { CompiledRule } from './invalidation-rules';

/** The provider operations an invalidation event can trigger (relative keys, tags and patterns). */
export interface InvalidationTarget {
  invalidateTags(tags: readonly string[]): Promise<number>;
  delete(...keys: string[]): Promise<number>;
  revoke(pattern: string): Promise<number>;
}

/**
 * Turns application events into invalidations, from `provider.emit(event,
 * payload)` or from an EventEmitter the provider listens to. Every template of
 * a rule is filled before anything is removed, so a payload missing a field
 * fails the whole event instead of half-applying it.
 */
export class InvalidationBus {
  constructor(
    private readonly rules: ReadonlyMap<string, CompiledRule>,
    private readonly target: InvalidationTarget,
  ) {}

  /** Event names that have a rule. */
  get events(): string[] {
    return [...this.rules.keys()];
  }

  /** Applies the rule of `event` (if any) and resolves to how many entries were removed; 0 for an event without a rule. */
  async handle(event: string, payload: unknown): Promise<number> {
    const rule = this.rules.get(event);
    if (rule === undefined) return 0;
    const tags = rule.tags.map((render) => render(payload, event));
    const keys = rule.keys.map((render) => render(payload, event));
    const patterns = rule.patterns.map((render) => render(payload, event));
    const work: Array<Promise<number>> = [];
    if (tags.length > 0) work.push(this.target.invalidateTags(tags));
    if (keys.length > 0) work.push(this.target.delete(...keys));
    for (const pattern of patterns) work.push(this.target.revoke(pattern));
    const counts = await Promise.all(work);
    return counts.reduce((sum, n) => sum + n, 0);
  }

  /**
   * Listens to every event with a rule on `emitter`. There is no caller to
   * reject to, so failures go to `onError` (the provider logs, counts and emits
   * them). Returns a function that stops listening.
   */
  attach(emitter: EventEmitter, onError: (event: string, error: unknown) => void): () => void {
    const listeners = this.events.map((event) => {
      const listener = (payload: unknown): void => {
        this.handle(event, payload).catch((error: unknown) => onError(event, error));
      };
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    });
    return () => listeners.forEach((off) => off());
  }
}
