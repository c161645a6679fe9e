import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { NotAfter } from '../redis/server-clock';

/** A standalone ioredis client or a Cluster. */
export type RedisClient = Redis | Cluster;

/** An argument Redis accepts; a `NotAfter` is a write deadline the command gate fills in when it sends the command. */
export type ScriptArg = string | number | Buffer | NotAfter;

/**
 * A Lua script run by SHA (EVALSHA), loaded on demand with EVAL when a server
 * does not know it yet (fresh server, SCRIPT FLUSH, a failover to a replica).
 * Unlike `defineCommand`, it adds nothing to a client the user passed in.
 */
export class LuaScript {
  /** SHA-1 of the source, as Redis computes it. */
  readonly sha: string;

  constructor(
    /** Name for error messages. */
    readonly name: string,
    /** Lua source. */
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script. On a Cluster, every key must hash to one slot (callers group by slot). */
  async run(client: RedisClient, keys: readonly string[], args: readonly ScriptArg[] = []): Promise<unknown> {
    // A NotAfter travels to the command gate, which replaces it at send time (the ioredis types do not know it).
    const params = [...keys, ...args] as Array<string | number | Buffer>;
    try {
      return await client.evalsha(this.sha, keys.length, ...params);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.eval(this.source, keys.length, ...params);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
