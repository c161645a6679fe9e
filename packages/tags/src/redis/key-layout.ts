/**
 * Where a RedisStore and its RedisTagIndex keep things under one prefix.
 *
 * Provider keys always start with the provider namespace (letters, digits,
 * `_`, `.`, `-`), so anything starting with `~` after the prefix can never be
 * an entry: the index keeps its sets and the write guard its marks there, and
 * `scan` skips them.
 *
 * | key | holds |
 * | --- | --- |
 * | `<prefix><key>` | the entry (an entry frame, see `entry-frame.ts`) |
 * | `<prefix>~t:<tag>` | sorted set of keys carrying `tag`, scored by their `staleUntil` |
 * | `<prefix>~k:<key>` | tags of a key, only for stores whose entries are not in this Redis (a foreign store) |
 * | `<prefix>~g:n` | the write-guard generation counter |
 * | `<prefix>~g:k:<key>`, `~g:t:<tag>`, `~g:all` | invalidation marks (expire after the guard window) |
 * | `<prefix>~g:p` | hash of revoke pattern → generation |
 *
 * The key → tags direction is the entry itself: its frame header lists its
 * tags, so it can never disagree with the entry and expires with it.
 */
export class RedisKeyLayout {
  /** Marks every key that belongs to the index or the guard rather than to an entry. */
  static readonly INTERNAL_MARK = '~';
  /** Relative prefix of the write-guard records, which `clear()` keeps (they expire by themselves). */
  static readonly GUARD_PREFIX = '~g:';
  /** Relative prefix of the tag sets. */
  static readonly TAG_PREFIX = '~t:';

  constructor(readonly prefix: string) {}

  /** True for a key (relative to the prefix) that is index or guard data, never an entry. */
  static isInternal(relativeKey: string): boolean {
    return relativeKey.startsWith(RedisKeyLayout.INTERNAL_MARK);
  }

  /** True for a key (relative to the prefix) that belongs to the write guard. */
  static isGuard(relativeKey: string): boolean {
    return relativeKey.startsWith(RedisKeyLayout.GUARD_PREFIX);
  }

  entry(key: string): string {
    return this.prefix + key;
  }

  tagSet(tag: string): string {
    return `${this.prefix}${RedisKeyLayout.TAG_PREFIX}${tag}`;
  }

  /** Key → tags record for entries kept outside Redis. */
  keyTags(key: string): string {
    return `${this.prefix}~k:${key}`;
  }

  get counter(): string {
    return `${this.prefix}~g:n`;
  }

  keyMark(key: string): string {
    return `${this.prefix}~g:k:${key}`;
  }

  tagMark(tag: string): string {
    return `${this.prefix}~g:t:${tag}`;
  }

  get clearMark(): string {
    return `${this.prefix}~g:all`;
  }

  get patternMarks(): string {
    return `${this.prefix}~g:p`;
  }
}
