import { globToRegExp } from '@cachet/core';
import type { WriteToken } from '@cachet/core';
import { MARK_MAX, MARK_PATTERN, NEXT_GEN, TOKEN_FRESH } from '../lua/guard.lua';
import type { RedisClient } from '../lua/script';
import type { RedisKeyLayout } from './key-layout';
import { SharedToken } from './shared-token';
import { slotGroups } from './slots';

/**
 * The write guard's Redis side. Generations come from one counter
 * (`<prefix>~g:n`) that never runs behind the server clock in microseconds;
 * `begin()` hands out the next one as the token, and every delete / invalidate
 * / revoke / clear first records a newer generation as a mark on what it
 * removes. A write is refused when a relevant mark is newer than its token, or
 * when the token is older than the guard window (its marks may have expired).
 * Loads that start within a few ms share one token (see {@link SharedToken}).
 */
export class WriteGuard {
  private readonly windowUs: number;
  private readonly tokens = new SharedToken(async () => Number(await this.nextGen()));

  constructor(
    private readonly client: RedisClient,
    private readonly layout: RedisKeyLayout,
    private readonly windowMs: number,
  ) {
    this.windowUs = windowMs * 1_000;
  }

  /** Window in microseconds, as the Lua write script takes it. */
  get windowMicros(): number {
    return this.windowUs;
  }

  /** A token issued now, or at most a few ms ago with no invalidation marked here since. */
  begin(): WriteToken | Promise<WriteToken> {
    return this.tokens.take();
  }

  /** See {@link SharedToken.prefetch}. */
  prepare(): Promise<void> | undefined {
    return this.tokens.prefetch();
  }

  /** Marks keys as deleted now. */
  async markKeys(keys: readonly string[]): Promise<void> {
    await this.markMax(keys.map((key) => this.layout.keyMark(key)));
  }

  /** Marks tags as invalidated now. */
  async markTags(tags: readonly string[]): Promise<void> {
    await this.markMax(tags.map((tag) => this.layout.tagMark(tag)));
  }

  /** Marks everything as cleared now. */
  async markAll(): Promise<void> {
    await this.markMax([this.layout.clearMark]);
  }

  /** Records a revoke of `pattern` now. */
  async markPattern(pattern: string): Promise<void> {
    this.tokens.reset();
    const gen = await this.nextGen();
    await MARK_PATTERN.run(this.client, [this.layout.patternMarks], [pattern, gen, this.windowUs, this.windowMs]);
  }

  /**
   * Client-side form of the Lua check, for writes that cannot run in one script
   * (Cluster, or a store that is not on this client). Reads are independent, so
   * they need no common slot.
   */
  async allows(token: WriteToken, key: string, tags: readonly string[]): Promise<boolean> {
    const { client, layout } = this;
    const [fresh, keyMark, clearMark, patterns, ...tagMarks] = await Promise.all([
      TOKEN_FRESH.run(client, [layout.counter], [String(token), this.windowUs]),
      client.get(layout.keyMark(key)),
      client.get(layout.clearMark),
      client.hgetall(layout.patternMarks),
      ...tags.map((tag) => client.get(layout.tagMark(tag))),
    ]);
    if (fresh !== 1) return false;
    const newer = (mark: unknown): boolean => typeof mark === 'string' && Number(mark) > token;
    if (newer(keyMark) || newer(clearMark) || tagMarks.some(newer)) return false;
    return !Object.entries(patterns as Record<string, string>).some(([pattern, gen]) => newer(gen) && globToRegExp(pattern).test(key));
  }

  private async nextGen(): Promise<string> {
    return String(await NEXT_GEN.run(this.client, [this.layout.counter]));
  }

  private async markMax(markKeys: readonly string[]): Promise<void> {
    if (markKeys.length === 0) return;
    this.tokens.reset();
    const gen = await this.nextGen();
    const groups = slotGroups(this.client, markKeys, (k) => k, 500);
    await Promise.all(groups.map((group) => MARK_MAX.run(this.client, group, [gen, this.windowMs])));
  }
}
