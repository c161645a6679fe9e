import { CacheModule, type CacheProvider, type CacheProviderOptions } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

/** Configures a fresh default provider on a real MemoryStore. */
export function configureMemory(options: Partial<CacheProviderOptions> = {}, name = 'default'): CacheProvider {
  return CacheModule.register(name, { store: new MemoryStore({ maxEntries: 10_000 }), ttl: '1m', ...options });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A slow source that counts its calls, like a database. */
export class Source {
  calls = 0;
  constructor(private readonly delayMs = 5) {}
  async load<T>(value: T): Promise<T> {
    this.calls++;
    await sleep(this.delayMs);
    return value;
  }
}
