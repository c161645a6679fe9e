/**
 * `key` as one flat string, for keeping. Keys arrive as concatenations
 * (`namespace + ':' + template parts`), which V8 keeps as a tree of 32-byte
 * "cons" nodes holding every part alive: a `@Cached` key cost ~98 bytes that
 * way against ~40 flat (Node 20 x64, 100,000 keys of ~20 characters).
 *
 * `normalize()` is the cheapest way found to get a flat copy (~0.1 µs, once
 * per write): it flattens, and gives back that flat string when the text is
 * already NFC, as keys almost always are. When it is not, the normalized
 * text would be another key, so the original is kept as it came.
 */
export function flatKey(key: string): string {
  const flat = key.normalize();
  return flat === key ? flat : key;
}
