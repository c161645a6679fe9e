/**
 * Characters that carry meaning in a stored key or a revoke pattern. Any of
 * them inside a user-supplied value is written as `\` + the character, so no
 * input can look like a separator (`:`), a wildcard (`* ? [ ]`), an escape
 * (`\`) or a non-string marker (`~`, see key templates).
 */
const SPECIAL = /[\\:*?[\]~]/g;

/**
 * Escapes a user-supplied value for use inside a key or a revoke pattern.
 * The same escaped text is what a template puts in a key, so
 * `cache.revoke('users:user:' + escapeKeyPart(input) + '*')` never widens to
 * keys the input did not name.
 *
 * @example escapeKeyPart('a:b*') === 'a\\:b\\*'
 */
export function escapeKeyPart(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL, '\\$&') : value;
}

/** True when a namespace / literal key part contains a glob or escape character. */
export function hasGlobChars(value: string): boolean {
  return /[\\*?[\]]/.test(value);
}
