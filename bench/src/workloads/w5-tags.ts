import type { CacheUnderTest, Library } from '../libs/library.js';
import { latencySummary } from '../stats.js';
import { runLoad, timeMs } from '../timing.js';
import { countingLoader, keyRange, openContext, userRecord, type CaseJob, type Metrics } from './job.js';

function tagged(cache: CacheUnderTest): Required<Pick<CacheUnderTest, 'getTagged' | 'invalidateTag'>> {
  const { getTagged, invalidateTag } = cache;
  if (!getTagged || !invalidateTag) throw new Error('W5 needs a library with tags');
  return { getTagged, invalidateTag };
}

/**
 * W5 on Redis: `taggedEntries` entries under one tag (written 100 in flight),
 * a tagged hit against an untagged one (one at a time), the invalidation, the
 * first read after it (must miss), then invalidating `bigTagEntries`.
 */
export async function runTags(library: Library, job: CaseJob): Promise<Metrics> {
  const { taggedEntries, bigTagEntries, hitReads, inFlight } = job.sizes;
  const loader = countingLoader(userRecord);
  const cache = await library.open(openContext(job, loader.load));
  const { getTagged, invalidateTag } = tagged(cache);
  try {
    const plain = keyRange('plain:', Math.min(hitReads, 1_000));
    const bulk = keyRange('bulk:', taggedEntries);
    for (const key of plain) await cache.get(key);
    const writeMs = await timeMs(() => runLoad((i) => getTagged(bulk[i], ['bulk']), bulk.length, inFlight));

    // Interleaved, one at a time: loopback round trips drift with the machine's state (which core
    // Redis and this process share, frequency), so the two kinds of hit must see the same state.
    const { plainHit, taggedHit } = await interleavedHits(
      (i) => cache.get(plain[i % plain.length]) as Promise<unknown>,
      (i) => getTagged(bulk[i % bulk.length], ['bulk']),
      hitReads,
    );

    const invalidateMs = await timeMs(() => invalidateTag('bulk'));
    const loadsBefore = loader.calls;
    const firstReadAfterUs = (await timeMs(() => getTagged(bulk[0], ['bulk']))) * 1e3;
    if (loader.calls !== loadsBefore + 1) throw new Error('W5: the first read after invalidation did not run the loader (stale hit)');

    const big = keyRange('big:', bigTagEntries);
    const bigWriteMs = await timeMs(() => runLoad((i) => getTagged(big[i], ['big']), big.length, inFlight));
    const invalidateBigMs = await timeMs(() => invalidateTag('big'));
    return {
      writeMs,
      untaggedHitUs: plainHit,
      taggedHitUs: taggedHit,
      invalidateMs,
      firstReadAfterUs,
      bigWriteMs,
      invalidateBigMs,
    };
  } finally {
    await cache.close();
  }
}

/**
 * `reads` untagged and `reads` tagged hits, alternating, each awaited before
 * the next starts; resolves to the p50 of each kind in µs.
 */
async function interleavedHits(
  plainRead: (i: number) => Promise<unknown>,
  taggedRead: (i: number) => Promise<unknown>,
  reads: number,
): Promise<{ plainHit: number; taggedHit: number }> {
  const plainNs = new Float64Array(reads);
  const taggedNs = new Float64Array(reads);
  for (let i = 0; i < reads; i++) {
    let began = process.hrtime.bigint();
    await plainRead(i);
    plainNs[i] = Number(process.hrtime.bigint() - began);
    began = process.hrtime.bigint();
    await taggedRead(i);
    taggedNs[i] = Number(process.hrtime.bigint() - began);
  }
  return { plainHit: latencySummary(plainNs).p50 / 1e3, taggedHit: latencySummary(taggedNs).p50 / 1e3 };
}
