import { CacheModule } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';
import { fuzzRevoke } from '../../../../test-support/scenarios/revoke-fuzz.scenario';

afterEach(() => CacheModule.reset());

describe('revoke fuzz (memory)', () => {
  it('1,000 revoke patterns from user-like input remove exactly the intended entries', async () => {
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 10_000 }) });
    const seed = 424242;
    expect({ seed, wrong: await fuzzRevoke(cache, seed) }).toEqual({ seed, wrong: 0 });
  });
});
