import type { CacheUnderTest, Library } from '../libs/library.js';
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

    const plainHit = await runLoad((i) => cache.get(plain[i % plain.length]) as Promise<unknown>, hitReads, 1);
    const taggedHit = await runLoad((i) => getTagged(bulk[i % bulk.length], ['bulk']), hitReads, 1);

    const invalidateMs = await timeMs(() => invalidateTag('bulk'));
    const loadsBefore = loader.calls;
    const firstReadAfterUs = (await timeMs(() => getTagged(bulk[0], ['bulk']))) * 1e3;
    if (loader.calls !== loadsBefore + 1) throw new Error('W5: the first read after invalidation did not run the loader (stale hit)');

    const big = keyRange('big:', bigTagEntries);
    const bigWriteMs = await timeMs(() => runLoad((i) => getTagged(big[i], ['big']), big.length, inFlight));
    const invalidateBigMs = await timeMs(() => invalidateTag('big'));
    return {
      writeMs,
      untaggedHitUs: plainHit.p50Us,
      taggedHitUs: taggedHit.p50Us,
      invalidateMs,
      firstReadAfterUs,
      bigWriteMs,
      invalidateBigMs,
    };
  } finally {
    await cache.close();
  }
}
