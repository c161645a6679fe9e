import { WRITE, WRITE_MANY } from '../lua/write.lua';
import type { RedisClient, ScriptArg } from '../lua/script';
import type { CommandGate } from './command-gate';
import type { RedisKeyLayout } from './key-layout';

/** Writes per WRITE_MANY script: a script blocks Redis while it runs (~15–20 µs per write). */
const WRITES_PER_SCRIPT = 25;

/** One compare-and-set write, in the shape both write scripts take it. */
export interface PendingWrite {
  /** Entry key, key mark, tag sets, tag marks. */
  readonly keys: readonly string[];
  readonly tagCount: number;
  /** '' for an unconditional write. */
  readonly token: string;
  readonly payload: string | Buffer;
  readonly ttl: number;
  /** The entry's staleUntil: its score in the tag sets. */
  readonly score: number;
  /** The key relative to the prefix. */
  readonly key: string;
  /** Channel and message to PUBLISH once written, or undefined. */
  readonly channel: string | undefined;
  readonly message: string | undefined;
}

interface Waiting {
  readonly write: PendingWrite;
  resolve(reply: number): void;
  reject(error: unknown): void;
}

/**
 * Coalesces the compare-and-set writes issued in one turn of the event loop
 * into one WRITE_MANY script per {@link WRITES_PER_SCRIPT}, sent on the next
 * tick (the misses of one batch of reads load and write together). Each write
 * is still judged on its own. A write alone goes as the single WRITE script.
 *
 * Why: with 100 calls in flight and a tenth of them misses (W3), the per-command
 * cost of ioredis and the gate (~8 µs of client CPU each) was a large part of a
 * miss; in one script it is paid once per batch.
 */
export class WriteBatch {
  private waiting: Waiting[] = [];

  constructor(
    private readonly client: RedisClient,
    private readonly layout: RedisKeyLayout,
    private readonly windowMicros: number,
    private readonly gate: CommandGate,
  ) {}

  /** Resolves to WRITTEN_AND_PUBLISHED (2), WRITTEN (1), 0 (refused by the guard) or -1 (arrived after its deadline: nothing written). */
  write(write: PendingWrite): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ write, resolve, reject }) === 1) process.nextTick(() => this.flush());
    });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (let i = 0; i < waiting.length; i += WRITES_PER_SCRIPT) void this.send(waiting.slice(i, i + WRITES_PER_SCRIPT));
  }

  /** Never rejects: every waiting write is settled. */
  private async send(waiting: readonly Waiting[]): Promise<void> {
    try {
      // Taken last, just before sending: the deadline the writes must land by.
      const notAfter = await this.gate.notAfter();
      if (waiting.length === 1) {
        waiting[0].resolve(Number(await this.runOne(waiting[0].write, notAfter)));
        return;
      }
      const reply = await this.runMany(waiting.map((w) => w.write), notAfter);
      waiting.forEach((w, i) => w.resolve(Array.isArray(reply) ? Number(reply[i]) : Number(reply)));
    } catch (error) {
      for (const w of waiting) w.reject(error);
    }
  }

  private runOne(write: PendingWrite, notAfter: ScriptArg): Promise<unknown> {
    const { layout } = this;
    const [entry, keyMark, ...tagKeys] = write.keys;
    const args: ScriptArg[] = [write.token, this.windowMicros, write.payload, write.ttl, write.score, write.key, layout.prefix, notAfter];
    if (write.channel !== undefined && write.message !== undefined) args.push(write.channel, write.message);
    return WRITE.run(this.client, [entry, keyMark, layout.clearMark, layout.patternMarks, ...tagKeys], args);
  }

  private runMany(writes: readonly PendingWrite[], notAfter: ScriptArg): Promise<unknown> {
    const keys: string[] = [this.layout.clearMark, this.layout.patternMarks];
    const args: ScriptArg[] = [this.windowMicros, this.layout.prefix, notAfter];
    for (const write of writes) {
      keys.push(...write.keys);
      args.push(write.token, write.payload, write.ttl, write.score, write.key, write.tagCount, write.channel ?? '', write.message ?? '');
    }
    return WRITE_MANY.run(this.client, keys, args);
  }
}
