import { graceThroughOutage, redisUnreachable, softTimeout, stampede } from './scenarios';
import { ms, printTable } from '@cachet/example-support';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  console.log('cachet when things fail: a pricing service behind @Cached (no server needed)');

  console.log('\n1. Redis unreachable (a RedisStore pointed at a port nobody listens on), storeTimeout 100 ms ...');
  const down = await redisUnreachable();
  printTable('Calls while Redis is unreachable', ['calls', 'failed', 'first call', 'p50 of the rest', 'store errors (failed open)', 'breaker'], [
    [down.latencies.length, down.failedCalls, ms(down.latencies[0]), ms(percentile(down.latencies.slice(1), 50)), down.storeErrors, down.breaker ?? 'off'],
  ]);

  console.log('\n2. The pricing service fails for 3 s (grace 1 h, graceBackoff 1 s) ...');
  const grace = await graceThroughOutage();
  printTable('Grace through an outage', ['answers', 'stale answers', 'failed calls', 'service calls per SKU', 'SKU without a price'], [
    [grace.answers, grace.staleAnswers, grace.failedCalls, grace.sourceCallsPerSku.join(', '), grace.coldSkuError ?? 'answered'],
  ]);

  console.log('\n3. The pricing service takes 1 s per call (soft timeout 100 ms) ...');
  const slow = await softTimeout();
  printTable('Soft timeout', ['previous price answered after', 'answer', 'new price stored after', 'new price'], [
    [ms(slow.staleAnswerMs), slow.staleValue, ms(slow.freshStoredAfterMs), slow.freshValue],
  ]);

  console.log('\n4. 1,000 concurrent callers of one cold SKU (50 ms service) ...');
  const herd = await stampede();
  printTable('Stampede', ['callers', 'service calls', 'all answered after'], [[herd.callers, herd.sourceCalls, ms(herd.totalMs)]]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
