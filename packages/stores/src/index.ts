export { MemoryStore } from './memory/memory.store';
export type { MemoryStoreOptions, EntrySizer } from './memory/memory-store.options';
export { RedisStore } from './redis/redis-store';
export { DEFAULT_REDIS_STORE_OPTIONS } from './redis/redis-store.options';
export type { RedisStoreOptions } from './redis/redis-store.options';
export { TypedJsonSerializer, typedJsonSerializer } from './serializers/typed-json.serializer';
export { KeyvStore } from './keyv/keyv-store';
export { DEFAULT_KEYV_STORE_OPTIONS } from './keyv/keyv-store.options';
export type { KeyvStoreOptions } from './keyv/keyv-store.options';
