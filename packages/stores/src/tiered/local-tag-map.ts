/**
 * Which L1 keys carry which tags, kept in this process so that a tag
 * invalidation (local or from the bus) drops L1 copies without asking L2.
 * Holds only keys that are in L1: entries leave it on delete, on overwrite
 * and when L1 evicts them (the TieredStore listens to `onEvict`).
 */
export class LocalTagMap {
  private readonly byTag = new Map<string, Set<string>>();
  private readonly byKey = new Map<string, readonly string[]>();

  /** Number of keys that carry at least one tag. */
  get size(): number {
    return this.byKey.size;
  }

  /** Records `key`'s tags, replacing what was recorded for it. */
  set(key: string, tags: readonly string[]): void {
    this.remove(key);
    if (tags.length === 0) return;
    this.byKey.set(key, tags);
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (keys === undefined) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Forgets `key`. */
  remove(key: string): void {
    const tags = this.byKey.get(key);
    if (tags === undefined) return;
    this.byKey.delete(key);
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }

  /** Keys carrying any of `tags`. */
  keysFor(tags: readonly string[]): string[] {
    const found = new Set<string>();
    for (const tag of tags) this.byTag.get(tag)?.forEach((key) => found.add(key));
    return [...found];
  }

  /** Forgets everything. */
  clear(): void {
    this.byTag.clear();
    this.byKey.clear();
  }
}
