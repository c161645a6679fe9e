import { physicalTtl } from '@cachet/core';
import type { CacheEntry, WriteToken } from '@cachet/core';
import { DELETE_ENTRIES, INVALIDATE_CHUNK } from '../lua/invalidate.lua';
import type { RedisClient } from '../lua/script';
import type { CommandGate } from './command-gate';
import type { WriteAnnouncement } from './layered-store';
import type { RedisKeyLayout } from './key-layout';
import type { RedisEntryTarget } from './redis-target';
import { slotGroups } from './slots';
import { WRITTEN, WRITTEN_AND_PUBLISHED } from '../lua/write.lua';
import { WriteBatch } from './write-batch';
import type { WriteGuard } from './write-guard';

/**
 * Index operations that run as single Lua scripts, used when every key lives
 * on one shard: a standalone server, or a Cluster with a hash-tagged prefix
 * (`{app}:`). Each script is atomic: guard check + entry + index.
 */
export class AtomicOps {
  private readonly writes: WriteBatch;

  constructor(
    private readonly client: RedisClient,
    private readonly layout: RedisKeyLayout,
    guard: WriteGuard,
    private readonly chunkSize: number,
    private readonly gate: CommandGate,
  ) {
    this.writes = new WriteBatch(client, layout, guard.windowMicros, gate);
  }

  /**
   * Compare-and-set write of entry + tag sets; refused by Redis when it lands
   * after its deadline. With an `announcement`, the same script publishes it
   * when (and only when) it wrote over an entry. Writes of one turn share a
   * script (see WriteBatch).
   */
  async write(target: RedisEntryTarget, key: string, entry: CacheEntry, tags: readonly string[], token?: WriteToken, announcement?: WriteAnnouncement): Promise<boolean> {
    const { layout } = this;
    const reply = await this.writes.write({
      keys: [layout.entry(key), layout.keyMark(key), ...tags.map((tag) => layout.tagSet(tag)), ...tags.map((tag) => layout.tagMark(tag))],
      tagCount: tags.length,
      token: token === undefined ? '' : String(token),
      payload: await target.encode(entry),
      ttl: physicalTtl(entry),
      score: entry.staleUntil,
      key,
      channel: announcement?.channel,
      message: announcement?.payload,
    });
    if (reply === -1) this.gate.clockSuspect();
    const written = reply === WRITTEN || reply === WRITTEN_AND_PUBLISHED;
    if (written && announcement !== undefined) announcement.outcome = reply === WRITTEN_AND_PUBLISHED ? 'published' : 'unneeded';
    return written;
  }

  /** Deletes entries and drops them from their tag sets; resolves to how many existed. */
  async deleteKeys(keys: readonly string[]): Promise<number> {
    const counts = await Promise.all(
      slotGroups(this.client, keys, (key) => this.layout.entry(key), this.chunkSize).map((group) =>
        DELETE_ENTRIES.run(this.client, group.map((key) => this.layout.entry(key)), [this.layout.prefix, '1', ...group]),
      ),
    );
    return counts.reduce<number>((sum, n) => sum + Number(n), 0);
  }

  /** Empties one tag set chunk by chunk, deleting the entries that still carry the tag. */
  async invalidateTag(tag: string): Promise<number> {
    const tagJson = JSON.stringify(tag);
    const chunk = async () => (await INVALIDATE_CHUNK.run(this.client, [this.layout.tagSet(tag)], [this.layout.prefix, this.chunkSize, tag, tagJson])) as [number, number];
    let removed = 0;
    for (;;) {
      // Two chunks in flight: Redis runs them back to back (each takes the set's first members, so they
      // never overlap) instead of idling a round trip between chunks; other clients still wait at most two.
      const replies = await Promise.all([chunk(), chunk()]);
      for (const [count] of replies) removed += Number(count);
      if (Number(replies[1][1]) === 0) return removed;
    }
  }
}
