import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runScenario } from '../src/scenario';

jest.setTimeout(30_000);

describe('examples/tiered-instances', () => {
  beforeAll(() => {
    // The instances run as their own processes, from the compiled example (`npm test` builds first).
    if (!existsSync(resolve(__dirname, '../dist/instance.js'))) throw new Error('examples/tiered-instances is not built: run npm run build');
  });

  it('two instances share Redis, and a price change on one is never served stale by the other', async () => {
    const steps = await runScenario();
    expect(steps.map((step) => [step.instance, step.price, step.servedBy])).toEqual([
      ['A', 100, 'database'],
      ['A', 100, 'L1'],
      ['B', 100, 'L2'],
      ['B', 100, 'L1'],
      ['A', undefined, undefined],
      ['B', 120, 'database'],
      ['A', 120, 'L2'],
    ]);
    // Filling an empty key sends no bus message; the eviction does, and B applies it.
    expect(steps[0].bus).toMatchObject({ published: 0, unannounced: 1 });
    expect(steps[4].bus.published).toBeGreaterThan(0);
    expect(steps[5].bus.applied).toBeGreaterThan(0);
  });
});
