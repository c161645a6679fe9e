import { CacheSerializationError, physicalTtl } from '@cachet/core';
import type { CacheEntry, CacheStore, WriteToken } from '@cachet/core';
import { DELETE_ENTRIES, ZREM_IF_NOT_NEWER } from '../lua/invalidate.lua';
import type { RedisClient } from '../lua/script';
import { SET_KEY_TAGS, SET_TIMELY, TAG_ADD } from '../lua/write.lua';
import type { CommandGate } from './command-gate';
import { decodeEntryFrame } from './entry-frame';
import type { RedisKeyLayout } from './key-layout';
import type { RedisEntryTarget } from './redis-target';
import { slotGroups } from './slots';
import type { WriteGuard } from './write-guard';

interface KeyInfo {
  readonly tags: readonly string[];
  readonly staleUntil: number;
}

/**
 * Index operations done in steps, each step atomic only on its own slot: used
 * on a Cluster (entries and tag sets live on different shards) and for stores
 * that are not on this client (a tier, a foreign store).
 *
 * Correctness without cross-slot atomicity comes from ordering:
 * - a write adds the key to its tag sets BEFORE the entry lands, so a live
 *   entry is always reachable from its tags;
 * - a guarded write checks the marks before and again AFTER it lands, and
 *   deletes its own entry when an invalidation marked in between (the
 *   invalidation marks before it deletes, so one of the two always sees the other);
 * - memberships are only removed conditionally (ZREM_IF_NOT_NEWER), so a
 *   concurrent newer write of the same key keeps its membership.
 */
export class StepwiseOps {
  constructor(
    private readonly client: RedisClient,
    private readonly layout: RedisKeyLayout,
    private readonly guard: WriteGuard,
    private readonly chunkSize: number,
    private readonly gate: CommandGate,
  ) {}

  async write(store: CacheStore, target: RedisEntryTarget | undefined, key: string, entry: CacheEntry, tags: readonly string[], token?: WriteToken): Promise<boolean> {
    if (token !== undefined && !(await this.guard.allows(token, key, tags))) return false;
    const before = (await this.readInfo(store, target, [key])).get(key);
    const ttl = physicalTtl(entry);
    await Promise.all(tags.map((tag) => TAG_ADD.run(this.client, [this.layout.tagSet(tag)], [entry.staleUntil, key, ttl])));
    if (target) {
      const payload = await target.encode(entry);
      // Refused by Redis when it lands after its deadline: a write we gave up on must not appear later.
      const reply = await SET_TIMELY.run(this.client, [this.layout.entry(key)], [await this.gate.notAfter(), payload, ttl]);
      if (reply === -1) {
        this.gate.clockSuspect();
        await this.dropMemberships(new Map([[key, { tags, staleUntil: entry.staleUntil }]]));
        return false;
      }
    } else {
      await store.set(key, entry);
      await SET_KEY_TAGS.run(this.client, [this.layout.keyTags(key)], [ttl, entry.staleUntil, ...tags]);
    }
    if (token !== undefined && !(await this.guard.allows(token, key, tags))) {
      // An invalidation marked after the first check and may have deleted before this entry landed.
      await this.removeEntries(store, target, [key]);
      await this.dropMemberships(new Map([[key, { tags, staleUntil: entry.staleUntil }]]));
      return false;
    }
    if (before) {
      const moved = before.tags.filter((tag) => !tags.includes(tag));
      await this.dropMemberships(new Map([[key, { tags: moved, staleUntil: before.staleUntil }]]));
    }
    return true;
  }

  /** Deletes entries, then their memberships; resolves to how many existed. */
  async deleteKeys(store: CacheStore, target: RedisEntryTarget | undefined, keys: readonly string[]): Promise<number> {
    const info = await this.readInfo(store, target, keys);
    const removed = await this.removeEntries(store, target, keys);
    await this.dropMemberships(info);
    return removed;
  }

  /** Drains one tag set chunk by chunk. */
  async invalidateTag(store: CacheStore, target: RedisEntryTarget | undefined, tag: string): Promise<number> {
    const set = this.layout.tagSet(tag);
    const seen = new Set<string>();
    let removed = 0;
    for (;;) {
      const flat = await this.client.zrange(set, 0, this.chunkSize - 1, 'WITHSCORES');
      const members: Array<[string, string]> = [];
      for (let i = 0; i < flat.length; i += 2) members.push([flat[i], flat[i + 1]]);
      // Stop when only members we already handled remain (a concurrent writer keeps re-adding them).
      if (members.every(([key]) => seen.has(key))) return removed;
      members.forEach(([key]) => seen.add(key));
      const keys = members.map(([key]) => key);
      const info = await this.readInfo(store, target, keys);
      const doomed = keys.filter((key) => info.get(key)?.tags.includes(tag) ?? true);
      removed += await this.removeEntries(store, target, doomed);
      const others = new Map<string, KeyInfo>();
      for (const key of doomed) {
        const found = info.get(key);
        if (found) others.set(key, { tags: found.tags.filter((t) => t !== tag), staleUntil: found.staleUntil });
      }
      await this.dropMemberships(others);
      await ZREM_IF_NOT_NEWER.run(this.client, [set], members.flat());
    }
  }

  /** Tags and staleUntil of each key that holds an entry. */
  async readInfo(store: CacheStore, target: RedisEntryTarget | undefined, keys: readonly string[]): Promise<Map<string, KeyInfo>> {
    const info = new Map<string, KeyInfo>();
    if (keys.length === 0) return info;
    if (!target) {
      const entries = await store.getMany(keys);
      entries.forEach((entry, i) => entry && info.set(keys[i], entry));
      return info;
    }
    const payloads = await Promise.all(keys.map((key) => this.client.getBuffer(this.layout.entry(key))));
    payloads.forEach((payload, i) => {
      const frame = payload && tryDecode(payload);
      if (frame) info.set(keys[i], frame);
    });
    return info;
  }

  private async removeEntries(store: CacheStore, target: RedisEntryTarget | undefined, keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    if (!target) {
      await Promise.all(keys.map((key) => this.client.unlink(this.layout.keyTags(key))));
      return store.delete(keys);
    }
    const groups = slotGroups(this.client, keys, (key) => this.layout.entry(key), this.chunkSize);
    const counts = await Promise.all(
      groups.map((group) => DELETE_ENTRIES.run(this.client, group.map((key) => this.layout.entry(key)), [this.layout.prefix, '0', ...group])),
    );
    return counts.reduce<number>((sum, n) => sum + Number(n), 0);
  }

  /** Removes key from each listed tag set unless a newer write re-added it. */
  private async dropMemberships(info: ReadonlyMap<string, KeyInfo>): Promise<void> {
    const byTag = new Map<string, string[]>();
    for (const [key, { tags, staleUntil }] of info) {
      for (const tag of tags) {
        const args = byTag.get(tag) ?? [];
        args.push(key, String(staleUntil));
        byTag.set(tag, args);
      }
    }
    await Promise.all(
      [...byTag].flatMap(([tag, args]) => {
        const calls: Array<Promise<unknown>> = [];
        for (let i = 0; i < args.length; i += 2 * this.chunkSize) {
          calls.push(ZREM_IF_NOT_NEWER.run(this.client, [this.layout.tagSet(tag)], args.slice(i, i + 2 * this.chunkSize)));
        }
        return calls;
      }),
    );
  }
}

/** Frame of a cachet entry, or undefined for a value something else wrote (it is then treated as foreign). */
export function tryDecode(payload: Buffer): KeyInfo | undefined {
  try {
    return decodeEntryFrame(payload);
  } catch (error) {
    if (error instanceof CacheSerializationError) return undefined;
    throw error;
  }
}
