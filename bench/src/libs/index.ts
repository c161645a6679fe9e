import type { Backend, Library } from './library.js';

/** A row of the tables. The library module loads only in the child that measures it. */
export interface LibraryEntry {
  /** Stable id: command line (`--only`), child processes, targets. */
  readonly id: string;
  /** Row label in the tables. */
  readonly label: string;
  /** The peers, as opposed to cachet and the floors (W1's "fastest peer"). */
  readonly kind: 'cachet' | 'peer' | 'floor';
  readonly backends: readonly Backend[];
  readonly load: () => Promise<Library>;
}

const ALL: readonly Backend[] = ['memory', 'redis', 'tiered'];

export const LIBRARIES: readonly LibraryEntry[] = [
  { id: 'cachet-decorator', label: 'cachet @Cached', kind: 'cachet', backends: ALL, load: async () => (await import('./cachet.js')).cachetDecorator },
  { id: 'cachet-decorator-default-key', label: 'cachet @Cached (default key)', kind: 'cachet', backends: ['memory'], load: async () => (await import('./cachet.js')).cachetDecoratorDefaultKey },
  { id: 'cachet-getorset', label: 'cachet getOrSet', kind: 'cachet', backends: ALL, load: async () => (await import('./cachet.js')).cachetGetOrSet },
  { id: 'bentocache', label: 'bentocache getOrSet', kind: 'peer', backends: ALL, load: async () => (await import('./bentocache.js')).bentocache },
  { id: 'cacheable', label: 'cacheable getOrSet', kind: 'peer', backends: ALL, load: async () => (await import('./cacheable.js')).cacheable },
  { id: 'cache-manager', label: 'cache-manager wrap', kind: 'peer', backends: ALL, load: async () => (await import('./cache-manager.js')).cacheManager },
  { id: 'type-cacheable', label: '@type-cacheable @Cacheable', kind: 'peer', backends: ['memory', 'redis'], load: async () => (await import('./type-cacheable.js')).typeCacheable },
  { id: 'async-cache-dedupe', label: 'async-cache-dedupe define', kind: 'peer', backends: ['memory', 'redis'], load: async () => (await import('./async-cache-dedupe.js')).asyncCacheDedupe },
  { id: 'map', label: 'floor: Map.get', kind: 'floor', backends: ['memory'], load: async () => (await import('./floors.js')).mapFloor },
  { id: 'lru-cache', label: 'floor: lru-cache get', kind: 'floor', backends: ['memory'], load: async () => (await import('./floors.js')).lruFloor },
  { id: 'async-call', label: 'floor: awaited uncached async call', kind: 'floor', backends: ['memory'], load: async () => (await import('./floors.js')).asyncCallFloor },
  { id: 'ioredis', label: 'floor: ioredis GET', kind: 'floor', backends: ['redis'], load: async () => (await import('./floors.js')).ioredisFloor },
  { id: 'ioredis-pipelined', label: 'floor: ioredis GET, auto-pipelined', kind: 'floor', backends: ['redis'], load: async () => (await import('./floors.js')).ioredisPipelinedFloor },
  { id: 'lru-ioredis-tier', label: 'floor: hand-rolled lru-cache → ioredis', kind: 'floor', backends: ['tiered'], load: async () => (await import('./floors.js')).handRolledTier },
];

export function libraryById(id: string): LibraryEntry {
  const entry = LIBRARIES.find((lib) => lib.id === id);
  if (!entry) throw new Error(`unknown library '${id}'; known: ${LIBRARIES.map((lib) => lib.id).join(', ')}`);
  return entry;
}
