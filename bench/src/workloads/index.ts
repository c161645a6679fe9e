import type { Backend, Library } from '../libs/library.js';
import type { CaseJob, Metrics } from './job.js';

export type Unit = 'ns' | 'µs' | 'ms' | 'ops/s' | 'calls' | 'B';

/** One column of a workload's table. */
export interface MetricSpec {
  readonly key: string;
  readonly label: string;
  readonly unit: Unit;
}

export interface Workload {
  readonly id: string;
  readonly title: string;
  readonly backend: Backend;
  /** Library ids, in row order. */
  readonly libraries: readonly string[];
  readonly metrics: readonly MetricSpec[];
  /** Processes started together per run (distributed cases); 1 otherwise. */
  readonly processes?: number;
  /** Rows shown with a note instead of figures, because the feature does not exist yet. */
  readonly unavailable?: Readonly<Record<string, string>>;
  /** Fewer repeats for the long workloads. */
  readonly longRunning?: boolean;
  readonly run: (library: Library, job: CaseJob) => Promise<Metrics>;
}

const CACHET = ['cachet-decorator', 'cachet-getorset'];
const PEERS = ['bentocache', 'cacheable', 'cache-manager', 'type-cacheable', 'async-cache-dedupe'];
const LOAD_METRICS: readonly MetricSpec[] = [
  { key: 'seqOps', label: '1 at a time', unit: 'ops/s' },
  { key: 'seqP50', label: 'p50', unit: 'µs' },
  { key: 'seqP99', label: 'p99', unit: 'µs' },
  { key: 'conOps', label: '100 in flight', unit: 'ops/s' },
  { key: 'conP50', label: 'p50', unit: 'µs' },
  { key: 'conP99', label: 'p99', unit: 'µs' },
];
const STAMPEDE_METRICS: readonly MetricSpec[] = [
  { key: 'loaderCalls', label: 'loader calls', unit: 'calls' },
  { key: 'totalMs', label: 'total time', unit: 'ms' },
];

const lazy =
  <M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) =>
  async (library: Library, job: CaseJob): Promise<Metrics> =>
    ((await load())[name] as Workload['run'])(library, job);

export const WORKLOADS: readonly Workload[] = [
  {
    id: 'w1',
    title: 'W1 · L1 hit, memory only, 1,000 hot keys',
    backend: 'memory',
    libraries: [...CACHET, 'cachet-decorator-default-key', ...PEERS, 'map', 'lru-cache', 'async-call'],
    metrics: [{ key: 'nsPerOp', label: 'per hit', unit: 'ns' }],
    run: lazy(() => import('./w1-l1-hit.js'), 'runL1Hit'),
  },
  {
    id: 'w2',
    title: 'W2 · Redis-only hit',
    backend: 'redis',
    libraries: [...CACHET, ...PEERS, 'ioredis', 'ioredis-pipelined'],
    metrics: LOAD_METRICS,
    run: lazy(() => import('./w2-redis-hit.js'), 'runRedisHit'),
  },
  {
    id: 'w3',
    title: 'W3 · tiered L1 + Redis L2, 90% hot hits, 10% new keys',
    backend: 'tiered',
    libraries: [...CACHET, 'bentocache', 'cacheable', 'cache-manager', 'lru-ioredis-tier'],
    metrics: LOAD_METRICS,
    run: lazy(() => import('./w3-tiered.js'), 'runTiered'),
  },
  {
    id: 'w4-memory',
    title: 'W4 · stampede, 1,000 calls on one cold key, 50 ms loader, memory',
    backend: 'memory',
    libraries: [...CACHET, ...PEERS],
    metrics: STAMPEDE_METRICS,
    run: lazy(() => import('./w4-stampede.js'), 'runStampede'),
  },
  {
    id: 'w4-redis',
    title: 'W4 · stampede, 1,000 calls on one cold key, 50 ms loader, Redis',
    backend: 'redis',
    libraries: [...CACHET, ...PEERS],
    metrics: STAMPEDE_METRICS,
    run: lazy(() => import('./w4-stampede.js'), 'runStampede'),
  },
  {
    id: 'w4-distributed',
    title: 'W4 · distributed stampede, 3 processes × 334 calls on one cold Redis key, 50 ms loader',
    backend: 'redis',
    libraries: [...CACHET, ...PEERS],
    metrics: STAMPEDE_METRICS,
    processes: 3,
    run: lazy(() => import('./w4-stampede.js'), 'runStampede'),
  },
  {
    id: 'w5',
    title: 'W5 · tags on Redis: 10,000 entries under one tag, then 100,000',
    backend: 'redis',
    libraries: [...CACHET, 'bentocache', 'async-cache-dedupe'],
    metrics: [
      { key: 'writeMs', label: 'write 10k', unit: 'ms' },
      { key: 'untaggedHitUs', label: 'untagged hit p50', unit: 'µs' },
      { key: 'taggedHitUs', label: 'tagged hit p50', unit: 'µs' },
      { key: 'invalidateMs', label: 'invalidate 10k', unit: 'ms' },
      { key: 'firstReadAfterUs', label: 'first read after', unit: 'µs' },
      { key: 'bigWriteMs', label: 'write 100k', unit: 'ms' },
      { key: 'invalidateBigMs', label: 'invalidate 100k', unit: 'ms' },
    ],
    longRunning: true,
    run: lazy(() => import('./w5-tags.js'), 'runTags'),
  },
  {
    id: 'w6',
    title: 'W6 · heap bytes per L1 entry, 100,000 small entries',
    backend: 'memory',
    libraries: [...CACHET, ...PEERS, 'map', 'lru-cache'],
    metrics: [{ key: 'bytesPerEntry', label: 'bytes / entry', unit: 'B' }],
    run: lazy(() => import('./w6-memory.js'), 'runMemory'),
  },
];

export function workloadById(id: string): Workload {
  const workload = WORKLOADS.find((w) => w.id === id);
  if (!workload) throw new Error(`unknown workload '${id}'; known: ${WORKLOADS.map((w) => w.id).join(', ')}`);
  return workload;
}
