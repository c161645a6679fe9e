// Entry of `npm run bench` at the repo root (after the root build): installs the
// bench's own dependencies when they are missing, compiles the bench, and runs
// it with the arguments given after `--`. Plain JS: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: bench });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Not a workspace of the root, so the root `npm ci` stays light; installed on first use.
if (!existsSync(join(bench, 'node_modules'))) run(npm, ['ci', '--prefix', bench, '--no-audit', '--no-fund']);
run(process.execPath, [join(bench, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(bench, 'tsconfig.json')]);
run(process.execPath, [join(bench, 'dist', 'main.js'), ...process.argv.slice(2)]);
