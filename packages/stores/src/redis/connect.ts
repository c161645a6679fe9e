import { CacheConfigError } from '@cachet/core';
import type { Redis } from 'ioredis';

/**
 * Opens a connection for `RedisStore({ url })`. ioredis is an optional peer
 * dependency, loaded only here so that users of the memory store need not
 * install it.
 */
export function connectUrl(url: string): Redis {
  let ioredis: typeof import('ioredis');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ioredis = require('ioredis') as typeof import('ioredis');
  } catch (error) {
    throw new CacheConfigError("RedisStore({ url }) needs the 'ioredis' package (a peer dependency): npm install ioredis@5", { cause: error });
  }
  return new ioredis.Redis(url);
}
