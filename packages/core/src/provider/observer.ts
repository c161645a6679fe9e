import { createHash } from 'node:crypto';
import type { CacheLogger } from '../contracts/logger';
import type { CacheEventMap, CacheEventName, CacheEvents } from './cache-events';
import { consoleLogger } from './console-logger';

/** What a pino-style logger may expose to say whether it wants debug lines. */
interface LevelAware {
  isLevelEnabled?: unknown;
  level?: unknown;
}

/** Levels at which a logger with a `level` string still writes debug lines (pino's names). */
const DEBUG_LEVELS = new Set(['trace', 'debug']);

/**
 * Where events and debug lines leave the provider. Both are built only when
 * someone wants them (a listener, or a logger whose level lets debug through),
 * so a hit costs a property check when nobody watches. With `redactKeys`, keys,
 * tags and patterns are replaced by a short hash before they reach either.
 */
export class Observer {
  /** Undefined when the logger can never want debug lines (the default logger). */
  private readonly debugProbe: (() => boolean) | undefined;

  constructor(
    private readonly events: CacheEvents,
    private readonly logger: CacheLogger,
    private readonly redactKeys: boolean,
    private readonly provider: string,
  ) {
    this.debugProbe = probeFor(logger);
  }

  /** True when `event` has a listener or the logger wants its debug line: only then build the payload. */
  wants(event: CacheEventName): boolean {
    return this.events.has(event) || (this.debugProbe !== undefined && this.debugProbe());
  }

  /** A key, tag or pattern as it may appear in logs and events. */
  show(key: string): string {
    return this.redactKeys ? redact(key) : key;
  }

  /** Emits `event` to listeners and writes its debug line; keys are redacted first when configured. */
  emit<E extends CacheEventName>(event: E, payload: CacheEventMap[E]): void {
    const shown = this.redactKeys ? this.redacted(payload) : payload;
    this.events.emit(event, shown);
    if (event !== 'error' && this.debugProbe !== undefined && this.debugProbe()) {
      this.logger.debug({ provider: this.provider, event, ...shown }, debugLine(event, shown as CacheEventMap[Exclude<CacheEventName, 'error'>]));
    }
  }

  private redacted<E extends CacheEventName>(payload: CacheEventMap[E]): CacheEventMap[E] {
    const copy: Record<string, unknown> = { ...payload };
    if (typeof copy.key === 'string') copy.key = redact(copy.key);
    if (typeof copy.pattern === 'string') copy.pattern = redact(copy.pattern);
    if (Array.isArray(copy.keys)) copy.keys = (copy.keys as string[]).map(redact);
    if (Array.isArray(copy.tags)) copy.tags = (copy.tags as string[]).map(redact);
    return copy as CacheEventMap[E];
  }
}

/** `#` + 12 hex digits of SHA-256: stable, so one key can be followed across lines without being readable. */
export function redact(value: string): string {
  return `#${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
}

function probeFor(logger: CacheLogger): (() => boolean) | undefined {
  if (logger === consoleLogger) return undefined;
  const aware = logger as CacheLogger & LevelAware;
  if (typeof aware.isLevelEnabled === 'function') {
    const isLevelEnabled = aware.isLevelEnabled as (level: string) => boolean;
    return () => isLevelEnabled.call(logger, 'debug') === true;
  }
  // pino and many others expose a mutable `level`: read it per call so a level change takes effect at once.
  if (typeof aware.level === 'string') return () => DEBUG_LEVELS.has(aware.level as string);
  // A logger that cannot tell us its level: it has a debug method, so it gets debug lines.
  return () => true;
}

function debugLine(event: Exclude<CacheEventName, 'error'>, payload: CacheEventMap[Exclude<CacheEventName, 'error'>]): string {
  const p = payload as Partial<CacheEventMap['invalidate'] & CacheEventMap['delete'] & CacheEventMap['stale'] & CacheEventMap['hit']>;
  switch (event) {
    case 'delete':
      return `cache delete ${(p.keys ?? []).join(' ')} (${p.count ?? 0} removed)`;
    case 'invalidate':
      return p.tags !== undefined ? `cache invalidate tags ${p.tags.join(' ')} (${p.count ?? 0} removed)` : `cache revoke ${p.pattern ?? ''} (${p.count ?? 0} removed)`;
    case 'stale':
      return `cache stale ${p.key ?? ''} (${p.reason ?? ''})`;
    default:
      return `cache ${event} ${p.key ?? ''}`;
  }
}
