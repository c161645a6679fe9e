import { CacheConfigError } from '../errors';
import { escapeKeyPart } from './escape';
import { encodeValueFor } from './stable-encode';

/** Renders one placeholder from the call's arguments. */
type Getter = (args: readonly unknown[]) => string;

const INDEX = /^\d+$/;
const NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const SEGMENT = /^[\p{ID_Continue}$\u200c\u200d]+$/u;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Compiles a key template such as `'user:{0}'`, `'user:{0.id}'` or
 * `'user:{id}:{opts.page}'` into a function from call arguments to key text.
 *
 * Placeholders: `{n}` the n-th argument (a missing one renders as
 * undefined), `{name}` the parameter called `name` (looked up once, here, in
 * `paramNames`), each optionally followed by a property path `.a.b`. A
 * missing step of a path yields undefined rather than throwing. Text outside
 * placeholders is kept verbatim. Values render with {@link renderKeyValue}.
 *
 * Two placeholders with no literal between them (`{0}{1}`) can run together;
 * put a separator between them when both are user input.
 *
 * @param where names the decorated method in errors, e.g. `@Cached key on UserService.getUser`.
 * @throws CacheConfigError (naming `where`) for an unknown parameter name, an
 *   empty or malformed placeholder, or an unbalanced `{` / `}`.
 */
export function compileKeyTemplate(
  template: string,
  paramNames: readonly string[],
  where: string,
): (args: readonly unknown[]) => string {
  const parts = parseTemplate(template, paramNames, where);
  if (parts.length === 0) return () => '';
  if (parts.length === 1) {
    const [only] = parts;
    return typeof only === 'string' ? () => only : only;
  }
  return (args) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      out += typeof part === 'string' ? part : part(args);
    }
    return out;
  };
}

/**
 * Key text for one value. Strings are escaped with `escapeKeyPart`, so they
 * never contain a bare `:`, wildcard or `~`; numbers, bigints and booleans
 * render as `String(value)` (so `42` and `'42'` give the same key, on
 * purpose). Everything else, and strings holding a lone surrogate (which
 * would not survive UTF-8 in a store), renders as `~` + the escaped stable
 * encoding, which no escaped string can start with.
 */
export function renderKeyValue(value: unknown, placeholder = '{value}', where = 'key template'): string {
  switch (typeof value) {
    case 'string':
      if (!LONE_SURROGATE.test(value)) return escapeKeyPart(value);
      break;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
  }
  const encoded = encodeValueFor(
    value,
    `${where}: cannot render ${placeholder}`,
    placeholder,
    `point the placeholder at a plain value (e.g. ${placeholder.replace(/}$/, '.id}')}) or use a custom keyGenerator`,
  );
  return '~' + escapeKeyPart(encoded);
}

function parseTemplate(template: string, paramNames: readonly string[], where: string): Array<string | Getter> {
  const fail = (problem: string): never => {
    throw new CacheConfigError(`${where}: ${problem} in key template '${template}'.`);
  };
  const parts: Array<string | Getter> = [];
  let literalStart = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '}') fail(`unbalanced '}' at position ${i} (braces are only allowed around placeholders)`);
    if (c !== '{') continue;
    const close = template.indexOf('}', i + 1);
    const reopen = template.indexOf('{', i + 1);
    if (close < 0 || (reopen >= 0 && reopen < close)) fail(`unbalanced '{' at position ${i}`);
    if (i > literalStart) parts.push(template.slice(literalStart, i));
    parts.push(compilePlaceholder(template.slice(i + 1, close), paramNames, where, fail));
    i = close;
    literalStart = close + 1;
  }
  if (literalStart < template.length) parts.push(template.slice(literalStart));
  return parts;
}

function compilePlaceholder(
  body: string,
  paramNames: readonly string[],
  where: string,
  fail: (problem: string) => never,
): Getter {
  if (body.trim() === '') return fail('empty placeholder {}; use {0} for the first argument or {name} for a parameter');
  const [head, ...path] = body.split('.');
  if (!(INDEX.test(head) || NAME.test(head)) || !path.every((segment) => SEGMENT.test(segment))) {
    return fail(`malformed placeholder {${body}}; expected {0}, {0.prop.path}, {name} or {name.prop.path}`);
  }
  let index: number;
  if (INDEX.test(head)) {
    index = Number(head);
    if (!Number.isSafeInteger(index)) return fail(`argument index ${head} in {${body}} is too large`);
  } else {
    index = paramNames.indexOf(head);
    if (index < 0) {
      const known = paramNames.filter((name) => name !== '');
      const list = known.length > 0 ? `the parameters are ${known.join(', ')}` : 'no parameter names are known';
      return fail(`unknown parameter '${head}' in {${body}} (${list}; a position such as {0} always works)`);
    }
  }
  const placeholder = `{${body}}`;
  if (path.length === 0) return (args) => renderKeyValue(args[index], placeholder, where);
  return (args) => renderKeyValue(readPath(args[index], path), placeholder, where);
}

/** Follows a property path; a null or undefined step ends it with undefined instead of throwing. */
function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    if (current == null) return undefined;
    current = (current as Record<string, unknown>)[path[i]];
  }
  return current;
}
