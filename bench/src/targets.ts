import { LIBRARIES } from './libs/index.js';
import type { TargetKey } from './miss-reasons.js';
import type { Outcomes } from './outcomes.js';

/** One target of the issue, judged on the medians of this run. */
export interface Verdict {
  /** Names the target in MISS_REASONS (the same for the `@Cached` and `getOrSet` rows). */
  readonly key: TargetKey;
  readonly target: string;
  readonly measured: string;
  readonly status: 'pass' | 'miss' | 'n/a';
  /** For a miss: how far off, in words. */
  readonly by: string;
}

const x = (v: number) => `${v.toFixed(2)}×`;
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** measured ≤ limit */
function atMost(key: TargetKey, target: string, measured: number | undefined, limit: number, show: (v: number) => string): Verdict {
  if (measured === undefined || !Number.isFinite(measured)) return { key, target, measured: 'not measured', status: 'n/a', by: '' };
  const pass = measured <= limit;
  return { key, target, measured: show(measured), status: pass ? 'pass' : 'miss', by: pass ? '' : `${pct(measured / limit - 1)} over (${show(measured)} vs ≤ ${show(limit)})` };
}

/** measured ≥ floor */
function atLeast(key: TargetKey, target: string, measured: number | undefined, floor: number, show: (v: number) => string): Verdict {
  if (measured === undefined || !Number.isFinite(measured)) return { key, target, measured: 'not measured', status: 'n/a', by: '' };
  const pass = measured >= floor;
  return { key, target, measured: show(measured), status: pass ? 'pass' : 'miss', by: pass ? '' : `${pct(1 - measured / floor)} short (${show(measured)} vs ≥ ${show(floor)})` };
}

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);

export function judgeTargets(o: Outcomes, loaderMs: number): Verdict[] {
  const verdicts: Verdict[] = [];
  const hit = o.median('w1', 'cachet-decorator', 'nsPerOp');
  verdicts.push(atMost('w1-floor', 'W1: `@Cached` hit ≤ 2.5× an awaited uncached async call', ratio(hit, o.median('w1', 'async-call', 'nsPerOp')), 2.5, x));
  const peers = LIBRARIES.filter((l) => l.kind === 'peer')
    .map((l) => ({ label: l.label, ns: o.median('w1', l.id, 'nsPerOp') }))
    .filter((p): p is { label: string; ns: number } => p.ns !== undefined)
    .sort((a, b) => a.ns - b.ns);
  const fastest = peers[0];
  verdicts.push(atLeast('w1-peers', `W1: \`@Cached\` hit ≥ 2.4× faster than the fastest peer${fastest ? ` (${fastest.label})` : ''}`, ratio(fastest?.ns, hit), 2.4, x));

  for (const [id, name] of [['cachet-decorator', '`@Cached`'], ['cachet-getorset', '`getOrSet`']] as const) {
    verdicts.push(atLeast('w2-concurrent', `W2: ${name} ≥ 0.9× raw auto-pipelined ioredis, 100 in flight`, ratio(o.median('w2', id, 'conOps'), o.median('w2', 'ioredis-pipelined', 'conOps')), 0.9, x));
    verdicts.push(atLeast('w2-sequential', `W2: ${name} ≥ 0.9× raw ioredis GET, one at a time`, ratio(o.median('w2', id, 'seqOps'), o.median('w2', 'ioredis', 'seqOps')), 0.9, x));
    verdicts.push(atLeast('w3-sequential', `W3: ${name} ≥ 0.8× the hand-rolled tier, one at a time`, ratio(o.median('w3', id, 'seqOps'), o.median('w3', 'lru-ioredis-tier', 'seqOps')), 0.8, x));
    verdicts.push(atLeast('w3-concurrent', `W3: ${name} ≥ 0.8× the hand-rolled tier, 100 in flight`, ratio(o.median('w3', id, 'conOps'), o.median('w3', 'lru-ioredis-tier', 'conOps')), 0.8, x));
    for (const backend of ['memory', 'redis'] as const) {
      const w = `w4-${backend}`;
      verdicts.push(atMost(`w4-${backend}-loads`, `W4 ${backend}: ${name} runs the loader once`, o.median(w, id, 'loaderCalls'), 1, (v) => `${Math.round(v)} calls`));
      verdicts.push(atMost(`w4-${backend}-time`, `W4 ${backend}: ${name} total ≤ 1.1× the ${loaderMs} ms loader`, o.median(w, id, 'totalMs'), loaderMs * 1.1, (v) => `${v.toFixed(1)} ms`));
    }
    const distributed = o.find('w4-distributed', id);
    verdicts.push(
      distributed?.unavailable
        ? { key: 'w4-distributed', target: `W4 distributed: ${name} one loader call across 3 processes`, measured: distributed.unavailable, status: 'miss', by: 'feature missing' }
        : atMost('w4-distributed', `W4 distributed: ${name} one loader call across 3 processes`, o.median('w4-distributed', id, 'loaderCalls'), 1, (v) => `${Math.round(v)} calls`),
    );
    verdicts.push(atMost('w5-tagged-hit', `W5: ${name} tagged hit within 10% of an untagged hit`, ratio(o.median('w5', id, 'taggedHitUs'), o.median('w5', id, 'untaggedHitUs')), 1.1, x));
    verdicts.push(atMost('w5-invalidate', `W5: ${name} invalidating 10,000 entries ≤ 50 ms`, o.median('w5', id, 'invalidateMs'), 50, (v) => `${v.toFixed(1)} ms`));
    verdicts.push(atMost('w6-bytes', `W6: ${name} ≤ 250 bytes per L1 entry`, o.median('w6', id, 'bytesPerEntry'), 250, (v) => `${Math.round(v)} B`));
  }
  return verdicts;
}
