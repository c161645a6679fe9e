import type { CacheWriteOptions } from './decorator-options';
import { OptionsValidator } from './validate-options';
import { NO_RESILIENCE, resolveResilience } from '../provider/resilience-options';

const KNOWN = [
  'key', 'keyGenerator', 'ttl', 'tags', 'tagsFromResult', 'provider', 'condition', 'unless', 'type',
  'staleWhileRevalidate', 'grace', 'timeout', 'enabled',
  'graceBackoff', 'hardTimeout', 'earlyRefresh', 'lock',
] as const;

/** Validates `@Cached` / `@CachePut` options when the decorator is applied. */
export function validateWriteOptions(options: CacheWriteOptions, where: string): void {
  new OptionsValidator(options, where)
    .known(KNOWN)
    .stringOrFn('key')
    .keyGenerator('keyGenerator')
    .duration('ttl', true)
    .stringsOrFn('tags')
    .fn('tagsFromResult')
    .nonEmptyString('provider')
    .fn('condition')
    .fn('unless')
    .fn('type')
    .duration('staleWhileRevalidate')
    .duration('grace')
    .duration('timeout', true)
    .boolean('enabled');
  // Parsed now for the errors only (durations, earlyRefresh, lock, hardTimeout > timeout); layered over the provider's at call time.
  resolveResilience(options, NO_RESILIENCE, where);
}
