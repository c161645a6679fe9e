/**
 * Redis-compatible glob matching, used by in-process stores for `scan` and to
 * translate the patterns users give to `revoke` into patterns over stored keys.
 *
 * Syntax (as Redis `SCAN MATCH`): `*` any run, `?` one character, `[abc]`,
 * `[^abc]`, `[a-z]` classes, `\x` the literal character x.
 */

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** Escapes every glob-special character of a literal string. */
export function escapeGlob(literal: string): string {
  return literal.replace(/[\\*?[\]]/g, '\\$&');
}

/** Compiles a Redis glob into an anchored RegExp over whole keys. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else if (c === '\\' && i + 1 < glob.length) source += escapeRegExp(glob[++i]);
    else if (c === '[') {
      const close = findClassEnd(glob, i);
      if (close < 0) source += '\\[';
      else {
        source += compileClass(glob.slice(i + 1, close));
        i = close;
      }
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`);
}

/**
 * Translates a user-level revoke pattern into a glob over stored keys.
 *
 * In a user pattern, an unescaped character means itself in the stored key
 * (wildcards stay wildcards; `:` is a separator), while `\x` means "the value
 * character x", which a key template stored escaped as `\x`. So
 * `users:user:\*` matches only the user whose id is the literal `*`.
 */
export function toStoreGlob(userPattern: string): string {
  let out = '';
  for (let i = 0; i < userPattern.length; i++) {
    const c = userPattern[i];
    if (c === '\\' && i + 1 < userPattern.length) {
      const literal = userPattern[++i];
      // A value character that keys store escaped: match backslash + char literally.
      out += /[\\:*?[\]~]/.test(literal) ? `\\\\${escapeGlob(literal)}` : escapeGlob(literal);
    } else out += c;
  }
  return out;
}

function findClassEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '^') i++;
  if (glob[i] === ']') i++; // a leading ] is literal
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ']') return i;
  }
  return -1;
}

function compileClass(body: string): string {
  let negate = false;
  let i = 0;
  if (body[0] === '^') {
    negate = true;
    i = 1;
  }
  let out = '';
  for (; i < body.length; i++) {
    let c = body[i];
    if (c === '\\' && i + 1 < body.length) c = body[++i];
    if (body[i + 1] === '-' && i + 2 < body.length) {
      let end = body[i + 2];
      i += 2;
      if (end === '\\' && i + 1 < body.length) end = body[++i];
      const [lo, hi] = c <= end ? [c, end] : [end, c];
      out += `${escapeRegExp(lo)}-${escapeRegExp(hi)}`;
    } else out += escapeRegExp(c);
  }
  return `[${negate ? '^' : ''}${out}]`;
}

function escapeRegExp(c: string): string {
  return c.replace(REGEXP_SPECIAL, '\\$&');
}
