import { execFileSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Loads the BUILT packages (dist/) the way users do: `require()` from CommonJS
 * (NestJS apps) and `import` from an ES module, through the package names and
 * their `exports` maps. `npm test` builds first.
 */
const root = join(__dirname, '../../../..');

function run(file: string, source: string): string {
  // ESM ignores NODE_PATH, so the script runs from the repository root, where node_modules/@cachet/* resolve.
  const target = join(root, `.load-test-${process.pid}-${file}`);
  writeFileSync(target, source);
  try {
    return execFileSync(process.execPath, [target], { cwd: root, encoding: 'utf8' });
  } finally {
    rmSync(target, { force: true });
  }
}

const program = (load: string) => `
${load}
const cache = core.CacheModule.configure({ store: new stores.MemoryStore({ maxEntries: 10 }) });
let calls = 0;
cache.getOrSet('k', async () => ++calls).then(async (first) => {
  const second = await cache.getOrSet('k', async () => ++calls);
  const kinds = [typeof core.Cached, typeof core.CacheEvict, typeof tags.MemoryTagIndex, typeof testing.runStoreConformance].join(',');
  console.log(JSON.stringify({ first, second, calls, kinds, sameError: new core.CacheConfigError('x') instanceof core.CachetError }));
  await core.CacheModule.reset();
});
`;

describe('built packages', () => {
  const expected = { first: 1, second: 1, calls: 1, kinds: 'function,function,function,function', sameError: true };

  it('load with require() from CommonJS', () => {
    const out = run(
      'load.cjs',
      program(`const core = require('@cachet/core'); const stores = require('@cachet/stores'); const tags = require('@cachet/tags'); const testing = require('@cachet/core/testing');`),
    );
    expect(JSON.parse(out)).toEqual(expected);
  });

  it('load with import from an ES module', () => {
    const out = run(
      'load.mjs',
      program(`import * as core from '@cachet/core'; import * as stores from '@cachet/stores'; import * as tags from '@cachet/tags'; import * as testing from '@cachet/core/testing';`),
    );
    expect(JSON.parse(out)).toEqual(expected);
  });
});
