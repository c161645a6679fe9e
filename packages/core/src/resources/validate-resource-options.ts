import { CacheConfigError } from '../errors';
import { OptionsValidator } from '../decorators/validate-options';
import { isResourceName } from './resource-tags';

const READ_OPTIONS = ['ttl', 'enabled', 'provider', 'unless', 'type', 'grace', 'staleWhileRevalidate'] as const;

/** Checks the options every resource read decorator shares, plus `extra` known names; returns the validator for more checks. */
export function validateReadOptions(options: object, where: string, extra: readonly string[]): OptionsValidator {
  return new OptionsValidator(options, where)
    .known([...READ_OPTIONS, ...extra])
    .duration('ttl', true)
    .boolean('enabled')
    .nonEmptyString('provider')
    .fn('unless')
    .fn('type')
    .duration('grace')
    .duration('staleWhileRevalidate');
}

/** Refuses a resource or relation name that cannot be a tag segment. */
export function checkResourceName(value: unknown, option: string, where: string): void {
  if (value !== undefined && !isResourceName(value)) {
    throw new CacheConfigError(`${where}: ${option} must be letters, digits, '_', '.' or '-' (it becomes a tag segment), got ${JSON.stringify(value) ?? String(value)}.`);
  }
}
