import { graceThroughOutage, redisUnreachable, softTimeout, stampede } from '../src/scenarios';

jest.setTimeout(20_000);

describe('examples/resilience scenarios', () => {
  it('Redis unreachable: every call answers, the store errors are counted, the breaker opens', async () => {
    const result = await redisUnreachable(20);
    expect(result.failedCalls).toBe(0);
    expect(result.latencies).toHaveLength(20);
    expect(result.storeErrors).toBeGreaterThan(0);
    expect(result.breaker).toBe('open');
  });

  it('grace: SKUs with a price never fail while the service is down; the service is asked at most once per second per SKU', async () => {
    const result = await graceThroughOutage(2_000);
    expect(result.failedCalls).toBe(0);
    expect(result.staleAnswers).toBe(result.answers);
    for (const calls of result.sourceCallsPerSku) expect(calls).toBeLessThanOrEqual(Math.ceil(result.outageMs / 1_000) + 1);
    expect(result.coldSkuError).toBe('pricing service unavailable');
  });

  it('soft timeout: the previous price first, then the new one stored by the slow call', async () => {
    const result = await softTimeout();
    expect(result.staleValue).toBe(105);
    expect(result.freshValue).toBe(106);
    expect(result.freshStoredAfterMs).toBeGreaterThanOrEqual(900);
  });

  it('stampede: one service call for 1,000 callers', async () => {
    const result = await stampede(1_000);
    expect(result.sourceCalls).toBe(1);
  });
});
