/** What the index knows about one key. */
interface KeyRecord {
  readonly tags: readonly string[];
  /** After this the store no longer holds the entry, so the record may go. */
  readonly staleUntil: number;
  /** When it was recorded, in {@link TagRecords.seq} order. */
  readonly seq: number;
}

/** A sweep never runs on fewer records than this, so small indexes are never swept on size. */
const MIN_SWEEP_SIZE = 1_024;
/** Records of expired entries are swept at least this often (on the next write after it). */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The two maps of the memory tag index, tag → keys and key → tags, kept in
 * step, plus the sweep that keeps them bounded.
 *
 * Entries that expire in the store and are never read again would otherwise
 * stay here forever, so each record carries its entry's `staleUntil`. Writes
 * sweep expired records whenever the index has doubled since the last sweep or
 * a minute has passed: amortized O(1) per write, no timer to keep a process
 * alive, and the index never holds more than about twice the live entries
 * (plus {@link MIN_SWEEP_SIZE}). Reads filter expired records out, so what
 * they report is exact in between.
 *
 * Every record carries a sequence number. Removals that follow a store
 * operation pass the sequence taken before it (`upTo`), so a record written
 * while the store was busy, for a fresh entry, is not dropped by mistake.
 */
export class TagRecords {
  readonly #byTag = new Map<string, Set<string>>();
  readonly #byKey = new Map<string, KeyRecord>();
  #sweepAtSize = MIN_SWEEP_SIZE;
  #sweepAtTime = 0;
  #seq = 0;

  /** The sequence number of the latest record; take it before a store call, pass it to `remove` / `clear` after. */
  get seq(): number {
    return this.#seq;
  }

  /** Keys and tags currently recorded, expired or not. */
  get size(): { keys: number; tags: number } {
    return { keys: this.#byKey.size, tags: this.#byTag.size };
  }

  /** Records (or re-records) `key` with `tags`, replacing its previous tags. */
  record(key: string, tags: readonly string[], staleUntil: number, now: number): void {
    const unique = withoutDuplicates(tags);
    const previous = this.#byKey.get(key);
    if (previous) for (const tag of previous.tags) if (!unique.includes(tag)) this.#unlink(tag, key);
    for (const tag of unique) {
      let keys = this.#byTag.get(tag);
      if (!keys) this.#byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    // Untagged keys are not recorded: no tag can reach them, and `revoke` finds them by the store's scan.
    // Most entries have no tags, and a record cost them ~100 bytes each (record, boxed time, Map slot).
    if (unique.length === 0) this.#byKey.delete(key);
    else this.#byKey.set(key, { tags: unique, staleUntil, seq: ++this.#seq });
    if (this.#byKey.size >= this.#sweepAtSize || now >= this.#sweepAtTime) this.sweep(now);
  }

  /** Drops `key` and its tags, unless it was recorded after sequence `upTo`. */
  remove(key: string, upTo = Infinity): void {
    const record = this.#byKey.get(key);
    if (!record || record.seq > upTo) return;
    this.#byKey.delete(key);
    for (const tag of record.tags) this.#unlink(tag, key);
  }

  /** Every recorded key carrying any of `tags`, expired ones included (the store decides what still exists). */
  keysWithAny(tags: readonly string[]): Set<string> {
    const keys = new Set<string>();
    for (const tag of tags) for (const key of this.#byTag.get(tag) ?? []) keys.add(key);
    return keys;
  }

  /** Recorded keys matching `regexp`. */
  keysMatching(regexp: RegExp): string[] {
    const keys: string[] = [];
    for (const key of this.#byKey.keys()) if (regexp.test(key)) keys.push(key);
    return keys;
  }

  /** Live keys recorded under `tag`. */
  keysForTag(tag: string, now: number): string[] {
    const keys: string[] = [];
    for (const key of this.#byTag.get(tag) ?? []) if (this.#isLive(key, now)) keys.push(key);
    return keys;
  }

  /** Tags of `key` while its entry lives. */
  tagsForKey(key: string, now: number): string[] {
    const record = this.#byKey.get(key);
    return record && record.staleUntil > now ? [...record.tags] : [];
  }

  /** Tags with at least one live key, optionally only those starting with `prefix`. */
  listTags(prefix: string | undefined, now: number): string[] {
    // Listing is rare (admin, debugging), so sweeping first is affordable and makes the answer exact.
    this.sweep(now);
    const tags: string[] = [];
    for (const tag of this.#byTag.keys()) if (prefix === undefined || tag.startsWith(prefix)) tags.push(tag);
    return tags;
  }

  /** Drops every record whose entry is past `staleUntil`. O(records). */
  sweep(now: number): void {
    for (const [key, record] of this.#byKey) if (record.staleUntil <= now) this.remove(key);
    this.#sweepAtSize = Math.max(MIN_SWEEP_SIZE, this.#byKey.size * 2);
    this.#sweepAtTime = now + SWEEP_INTERVAL_MS;
  }

  /** Forgets every record made up to sequence `upTo` (all of them by default). */
  clear(upTo = Infinity): void {
    if (upTo < this.#seq) {
      for (const key of this.#byKey.keys()) this.remove(key, upTo);
      return;
    }
    this.#byTag.clear();
    this.#byKey.clear();
    this.#sweepAtSize = MIN_SWEEP_SIZE;
  }

  #isLive(key: string, now: number): boolean {
    const record = this.#byKey.get(key);
    return record !== undefined && record.staleUntil > now;
  }

  #unlink(tag: string, key: string): void {
    const keys = this.#byTag.get(tag);
    if (!keys) return;
    keys.delete(key);
    // An empty set would keep a dead tag listed and its memory held.
    if (keys.size === 0) this.#byTag.delete(tag);
  }
}

/** `tags` itself when it has no duplicates (the usual case, so no allocation), else a de-duplicated copy. */
function withoutDuplicates(tags: readonly string[]): readonly string[] {
  if (tags.length > 16) return [...new Set(tags)];
  for (let i = 1; i < tags.length; i++) if (tags.indexOf(tags[i]) < i) return [...new Set(tags)];
  return tags;
}
