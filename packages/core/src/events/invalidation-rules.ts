import { CacheConfigError, CacheKeyError } from '../errors';
import { renderKeyValue } from '../keys/template';

/**
 * What one application event invalidates. Every entry is a template whose
 * `{field}` / `{field.path}` placeholders are filled from the event payload,
 * each value escaped with `escapeKeyPart` (so `{id}` can never widen a pattern).
 * Keys and patterns are relative to the provider namespace, like `delete` and
 * `revoke`; tags are the provider-relative tags entries were written with.
 *
 * @example { 'user.updated': { tags: ['user:{id}'], keys: ['users:user:{id}'], patterns: ['search:*'] } }
 */
export interface InvalidationRule {
  /** Tags to invalidate, e.g. `['user:{id}']`. */
  tags?: readonly string[];
  /** Keys to delete, e.g. `['users:user:{id}']`. */
  keys?: readonly string[];
  /** Globs to revoke, e.g. `['users:list:{orgId}:*']`. */
  patterns?: readonly string[];
}

/** `invalidateOn` of the provider options: application event name → what it invalidates. */
export type InvalidationRules = Readonly<Record<string, InvalidationRule>>;

/** Fills one template from a payload. */
type Render = (payload: unknown, event: string) => string;

/** A rule with its templates compiled. */
export interface CompiledRule {
  readonly tags: readonly Render[];
  readonly keys: readonly Render[];
  readonly patterns: readonly Render[];
}

const FIELD = /^[A-Za-z_$][\w$]*(?:\.[\w$]+)*$/;
const KINDS = ['tags', 'keys', 'patterns'] as const;

/** Validates and compiles `invalidateOn` when the provider is configured; errors name the event and the template. */
export function compileInvalidationRules(rules: unknown, where: string): ReadonlyMap<string, CompiledRule> {
  const compiled = new Map<string, CompiledRule>();
  if (rules === undefined) return compiled;
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) {
    throw new CacheConfigError(`${where}: invalidateOn must be an object mapping event names to { tags?, keys?, patterns? }, got ${JSON.stringify(rules)}.`);
  }
  for (const [event, rule] of Object.entries(rules as Record<string, unknown>)) {
    const at = `${where}: invalidateOn['${event}']`;
    if (event.trim() === '') throw new CacheConfigError(`${where}: invalidateOn has an empty event name.`);
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) throw new CacheConfigError(`${at} must be { tags?, keys?, patterns? }, got ${JSON.stringify(rule)}.`);
    const unknown = Object.keys(rule).filter((name) => !(KINDS as readonly string[]).includes(name));
    if (unknown.length > 0) throw new CacheConfigError(`${at}: unknown field '${unknown[0]}'; use tags, keys or patterns.`);
    const parts = rule as Record<(typeof KINDS)[number], unknown>;
    const out = { tags: compileList(parts.tags, `${at}.tags`), keys: compileList(parts.keys, `${at}.keys`), patterns: compileList(parts.patterns, `${at}.patterns`) };
    if (out.tags.length + out.keys.length + out.patterns.length === 0) throw new CacheConfigError(`${at} invalidates nothing; give at least one of tags, keys or patterns.`);
    compiled.set(event, out);
  }
  return compiled;
}

function compileList(list: unknown, at: string): Render[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new CacheConfigError(`${at} must be an array of template strings, got ${JSON.stringify(list)}.`);
  return list.map((template: unknown) => compileTemplate(template, at));
}

/** Compiles `'user:{id}'`: literal text and `{field.path}` placeholders. */
function compileTemplate(template: unknown, at: string): Render {
  if (typeof template !== 'string' || template.length === 0) throw new CacheConfigError(`${at}: every template must be a non-empty string, got ${JSON.stringify(template)}.`);
  const parts: Array<string | string[]> = [];
  let literal = 0;
  for (let i = 0; i < template.length; i++) {
    if (template[i] === '}') throw new CacheConfigError(`${at}: unbalanced '}' in template '${template}'.`);
    if (template[i] !== '{') continue;
    const close = template.indexOf('}', i + 1);
    const field = close < 0 ? '' : template.slice(i + 1, close);
    if (!FIELD.test(field)) throw new CacheConfigError(`${at}: malformed placeholder in template '${template}'; use {field} or {field.path} naming a payload field.`);
    if (i > literal) parts.push(template.slice(literal, i));
    parts.push(field.split('.'));
    i = close;
    literal = close + 1;
  }
  if (literal < template.length) parts.push(template.slice(literal));
  return (payload, event) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : renderField(payload, part, event, template);
    return out;
  };
}

function renderField(payload: unknown, path: readonly string[], event: string, template: string): string {
  let value: unknown = payload;
  for (const step of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  const placeholder = `{${path.join('.')}}`;
  if (value === undefined || value === null) {
    throw new CacheKeyError(`invalidation event '${event}': the payload has no ${path.join('.')} for ${placeholder} in '${template}'.`);
  }
  return renderKeyValue(value, placeholder, `invalidation event '${event}'`);
}
