import { xfetchDue } from '../../src/provider/early-refresh';

import { seededRandom as seeded } from '../../../../test-support/scenarios/random';

describe('xfetchDue (probabilistic early expiration)', () => {
  it.each([
    // gap to expiry, delta, beta → P(refresh) = exp(-gap / (delta * beta))
    [1_000, 100, 1],
    [200, 100, 1],
    [200, 100, 2],
    [50, 100, 0.5],
  ])('gap %d ms, delta %d ms, beta %d: fires with probability exp(-gap / (delta·beta))', (gap, delta, beta) => {
    const random = seeded(7);
    const now = 1_000_000;
    let fired = 0;
    const draws = 20_000;
    for (let i = 0; i < draws; i++) if (xfetchDue(now, now + gap, delta, beta, random)) fired++;
    const expected = Math.exp(-gap / (delta * beta));
    console.log(`xfetch gap ${gap} ms, delta ${delta} ms, beta ${beta}: fired ${((fired / draws) * 100).toFixed(2)}% (predicted ${(expected * 100).toFixed(2)}%)`);
    expect(Math.abs(fired / draws - expected)).toBeLessThan(0.015);
  });

  it('never fires without a measured load, always at or past expiry', () => {
    expect(xfetchDue(10, 20, 0, 1, () => 0.000_001)).toBe(false);
    expect(xfetchDue(20, 20, 5, 1, () => 0.999_999)).toBe(true);
  });
});
