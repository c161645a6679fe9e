/**
 * Reads parameter names from a function's source text, so key templates can
 * say `{id}` instead of `{0}`. TypeScript erases names from types and
 * metadata, and `fn.toString()` of tsc output is plain JavaScript, so a small
 * scanner that understands strings, templates, comments, regex literals and
 * bracket nesting is enough; no full parser is needed.
 */

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/u;
/** The same, matched in place (sticky) while scanning. */
const IDENTIFIER_AT = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;

/**
 * Parameter names of `fn`, in order: methods (`async *name(a, b = 1, ...rest) {}`),
 * function expressions and arrow functions. A destructured parameter yields
 * `''` (it has no name to refer to); a rest parameter yields its name.
 * Returns `[]` for native or bound functions and classes.
 */
export function parameterNames(fn: Function): string[] {
  const source = Function.prototype.toString.call(fn);
  if (/^class\b/.test(source)) return [];
  const start = findParameterList(source);
  if (typeof start === 'string') return [start];
  if (start < 0) return [];
  return splitParameters(source, start).map(nameOf);
}

/**
 * Index of the `(` that opens the parameter list, or the name of the single
 * parameter of an arrow function written without parentheses (`a => …`).
 */
function findParameterList(source: string): number | string {
  let lastWord = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '(') return i;
    if (c === '=' && source[i + 1] === '>') return lastWord;
    if (c === '[') i = skipBalanced(source, i); // computed method name, may hold parentheses
    else if (c === '"' || c === "'") i = skipString(source, i);
    else if (c === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) i = skipComment(source, i);
    else {
      IDENTIFIER_AT.lastIndex = i;
      const word = IDENTIFIER_AT.exec(source);
      if (word) {
        lastWord = word[0];
        i += word[0].length;
      } else i++;
    }
  }
  return -1;
}

/** Raw text of each parameter (comments dropped) between `(` at `open` and its `)`. */
function splitParameters(source: string, open: number): string[] {
  const parts: string[] = [];
  let current = '';
  let i = open + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === ')' || c === ',') {
      parts.push(current);
      current = '';
      if (c === ')') break;
      i++;
    } else if (c === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      i = skipComment(source, i);
      current += ' ';
    } else {
      const next = skipToken(source, i, current);
      current += source.slice(i, next);
      i = next;
    }
  }
  // `(a, b,)` leaves an empty last part; `()` leaves a single empty one.
  if (parts.length > 0 && parts[parts.length - 1].trim() === '') parts.pop();
  return parts;
}

function nameOf(parameter: string): string {
  const text = parameter.trim().replace(/^\.\.\.\s*/, '');
  const word = IDENTIFIER.exec(text);
  return word ? word[0] : ''; // `{ a }` / `[a]` are destructured: nothing to name
}

/** End of the token at `i`: a whole string, template, regex or bracketed group, or one character. */
function skipToken(source: string, i: number, before: string): number {
  const c = source[i];
  if (c === '"' || c === "'") return skipString(source, i);
  if (c === '`') return skipTemplate(source, i);
  if (c === '(' || c === '[' || c === '{') return skipBalanced(source, i);
  if (c === '/' && startsRegExp(before)) return skipRegExp(source, i);
  return i + 1;
}

/** A `/` starts a regex literal unless it follows an operand (then it divides). */
function startsRegExp(before: string): boolean {
  const previous = before.trimEnd().slice(-1);
  return previous === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(previous);
}

function skipBalanced(source: string, open: number): number {
  const closer = source[open] === '(' ? ')' : source[open] === '[' ? ']' : '}';
  let text = '';
  let i = open + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === closer) return i + 1;
    if (c === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      i = skipComment(source, i);
      continue;
    }
    const next = skipToken(source, i, text);
    text += source.slice(i, next);
    i = next;
  }
  return source.length;
}

function skipString(source: string, open: number): number {
  const quote = source[open];
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i + 1;
  }
  return source.length;
}

function skipTemplate(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '`') return i + 1;
    else if (source[i] === '$' && source[i + 1] === '{') i = skipBalanced(source, i + 1) - 1;
  }
  return source.length;
}

function skipRegExp(source: string, open: number): number {
  let inClass = false;
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return i + 1;
  }
  return source.length;
}

function skipComment(source: string, open: number): number {
  if (source[open + 1] === '/') {
    const end = source.indexOf('\n', open);
    return end < 0 ? source.length : end + 1;
  }
  const end = source.indexOf('*/', open + 2);
  return end < 0 ? source.length : end + 2;
}
