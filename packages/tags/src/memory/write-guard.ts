import { globToRegExp } from '@cachet/core';

/** When something was invalidated: the generation it created, and the wall-clock time. */
interface Mark {
  readonly generation: number;
  readonly at: number;
}

interface PatternMark extends Mark {
  readonly pattern: string;
  readonly regexp: RegExp;
}

/**
 * The compare-and-set half of the memory tag index: a generation counter and
 * the marks that invalidations leave behind.
 *
 * `begin()` hands out the current generation. Every invalidation bumps the
 * generation and marks what it touched (a key, a tag, a pattern, or everything
 * for a clear) with the new value. A write is refused when any mark relevant to
 * it is newer than its token.
 *
 * Marks are forgotten after `windowMs` or beyond `maxMarks`; `floor` then
 * records the newest forgotten generation, and tokens older than it are
 * refused outright, because a forgotten mark might have concerned them.
 * Each mark map stays in generation order (re-marking deletes first), so
 * pruning only ever looks at the front of each map. Patterns live in a log in
 * generation order too, and a write scans it from the newest end, stopping at
 * its token: it only ever tests the revokes that ran during its own load.
 */
export class WriteGuard {
  #generation = 0;
  /** Tokens below this may have lost a mark to pruning. */
  #floor = 0;
  /** Generation of the last clear: it invalidated everything. */
  #clearedAt = 0;
  readonly #keys = new Map<string, Mark>();
  readonly #tags = new Map<string, Mark>();
  /** Pattern marks, oldest first; entries before `#patternsHead` are pruned. */
  #patterns: PatternMark[] = [];
  #patternsHead = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxMarks: number,
  ) {}

  /** The token for a load that starts now. */
  get generation(): number {
    return this.#generation;
  }

  /** Marks currently kept. */
  get size(): number {
    return this.#keys.size + this.#tags.size + this.#patternCount;
  }

  /** Records that `keys` were deleted. */
  markKeys(keys: Iterable<string>, now: number): void {
    const mark = this.#bump(now);
    for (const key of keys) setLast(this.#keys, key, mark);
    this.#prune(now);
  }

  /** Records that `tags` were invalidated. */
  markTags(tags: Iterable<string>, now: number): void {
    const mark = this.#bump(now);
    for (const tag of tags) setLast(this.#tags, tag, mark);
    this.#prune(now);
  }

  /** Records that keys matching the glob `pattern` were revoked. */
  markPattern(pattern: string, now: number): void {
    this.#patterns.push({ ...this.#bump(now), pattern, regexp: globToRegExp(pattern) });
    this.#prune(now);
  }

  /** Records a clear: every earlier token is refused, so all finer marks are redundant. */
  markAll(now: number): void {
    this.#clearedAt = this.#bump(now).generation;
    this.#keys.clear();
    this.#tags.clear();
    this.#patterns = [];
    this.#patternsHead = 0;
  }

  /** True when a write of `key` with `tags`, by a load that took `token`, cannot undo an invalidation. */
  allows(token: number, key: string, tags: readonly string[]): boolean {
    // The common case: nothing was invalidated since the load began.
    if (token >= this.#generation) return true;
    if (!Number.isFinite(token) || token < this.#floor || token < this.#clearedAt) return false;
    if (isNewer(this.#keys.get(key), token)) return false;
    for (const tag of tags) if (isNewer(this.#tags.get(tag), token)) return false;
    for (let i = this.#patterns.length - 1; i >= this.#patternsHead; i--) {
      const mark = this.#patterns[i];
      if (mark.generation <= token) break;
      if (mark.regexp.test(key)) return false;
    }
    return true;
  }

  #bump(now: number): Mark {
    return { generation: ++this.#generation, at: now };
  }

  get #patternCount(): number {
    return this.#patterns.length - this.#patternsHead;
  }

  #prune(now: number): void {
    const cutoff = now - this.windowMs;
    for (const marks of [this.#keys, this.#tags]) {
      for (const [name, mark] of marks) {
        if (mark.at > cutoff) break;
        this.#forget(marks, name, mark);
      }
    }
    while (this.#patternCount > 0 && this.#patterns[this.#patternsHead].at <= cutoff) this.#forgetOldestPattern();
    if (this.size > this.maxMarks) {
      // Over the cap: drop the oldest marks across all kinds, down to 90% so the work is amortized.
      const target = Math.floor(this.maxMarks * 0.9);
      while (this.size > target) this.#forgetOldest();
    }
    // Drop pruned patterns from the log once they are half of it: amortized O(1) per mark.
    if (this.#patternsHead > 64 && this.#patternsHead * 2 > this.#patterns.length) {
      this.#patterns = this.#patterns.slice(this.#patternsHead);
      this.#patternsHead = 0;
    }
  }

  #forgetOldest(): void {
    const key = firstEntry(this.#keys);
    const tag = firstEntry(this.#tags);
    const pattern = this.#patternCount > 0 ? this.#patterns[this.#patternsHead] : undefined;
    const oldest = Math.min(key?.[1].generation ?? Infinity, tag?.[1].generation ?? Infinity, pattern?.generation ?? Infinity);
    if (key && key[1].generation === oldest) this.#forget(this.#keys, key[0], key[1]);
    else if (tag && tag[1].generation === oldest) this.#forget(this.#tags, tag[0], tag[1]);
    else if (pattern) this.#forgetOldestPattern();
  }

  #forgetOldestPattern(): void {
    this.#raiseFloor(this.#patterns[this.#patternsHead++].generation);
  }

  #forget(marks: Map<string, Mark>, name: string, mark: Mark): void {
    marks.delete(name);
    this.#raiseFloor(mark.generation);
  }

  #raiseFloor(generation: number): void {
    if (generation > this.#floor) this.#floor = generation;
  }
}

function isNewer(mark: Mark | undefined, token: number): boolean {
  return mark !== undefined && mark.generation > token;
}

/** Sets `name` as the newest entry of `map`, keeping the map in generation order. */
function setLast<M>(map: Map<string, M>, name: string, mark: M): void {
  map.delete(name);
  map.set(name, mark);
}

function firstEntry(map: Map<string, Mark>): [string, Mark] | undefined {
  const head = map.entries().next();
  return head.done ? undefined : head.value;
}
