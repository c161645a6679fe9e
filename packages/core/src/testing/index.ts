export { runStoreConformance } from './store-conformance';
export { runTagIndexConformance } from './tag-index-conformance';
export { ChaosStore } from './chaos-store';
export { testEntry, collectScan } from './kit';
export type { ChaosOperation } from './chaos-store';
export type { ConformanceTest, TestEntryOptions } from './kit';
export type { StoreFactory, StoreFactoryOptions } from './store-case';
export type { TagIndexFactory, TagIndexPair } from './tag-index-case';
