import type { MethodCounters } from './cache-stats';
import type { EntrySettings } from './entry-settings';
import type { ReadThroughCall } from './read-through-call';
import type { LockSettings } from './resilience-options';

/**
 * One `getOrSet` call as the engine sees it. A class with every field set in
 * the constructor, rather than an object spread of the settings: the spread
 * cost more than the rest of a memory hit together (measured ~3 µs of ~5 µs).
 */
export class DirectCall<T> implements ReadThroughCall<T> {
  readonly method = 'getOrSet';
  readonly ttl: number;
  readonly grace: number;
  readonly staleWhileRevalidate: number;
  readonly graceBackoff: number;
  readonly timeout: number;
  readonly hardTimeout: number;
  readonly earlyRefresh: number;
  readonly lock: LockSettings | undefined;

  constructor(
    readonly counters: MethodCounters,
    settings: EntrySettings,
    readonly load: () => T | Promise<T>,
    private readonly fullTags: readonly string[],
  ) {
    this.ttl = settings.ttl;
    this.grace = settings.grace;
    this.staleWhileRevalidate = settings.staleWhileRevalidate;
    this.graceBackoff = settings.graceBackoff;
    this.timeout = settings.timeout;
    this.hardTimeout = settings.hardTimeout;
    this.earlyRefresh = settings.earlyRefresh;
    this.lock = settings.lock;
  }

  tags(): readonly string[] {
    return this.fullTags;
  }
}
