// Runs test tiers the way `npm test` does, against the build already in dist/ (npm test builds once before this).
//   node scripts/run-test-tiers.mjs [unit] [int] [e2e] [-- jest args]   (no tier named: all of them)
//   node scripts/run-test-tiers.mjs --server-subset                      (the files that depend on the server)
// unit, int and the parallel e2e files share one Jest run with a few workers (most tests wait on polls, leases
// and receivers, not on the CPU); the serial e2e files (whole processes, a browser, heavy load) follow, one at a time.
import { spawnSync } from 'node:child_process';
import { SERIAL_E2E, SERVER_SUBSET } from '../test/support/test-tiers.mjs';

const separator = process.argv.indexOf('--');
const ours = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const passThrough = separator === -1 ? [] : process.argv.slice(separator + 1);
const WORKERS = process.env.TEST_WORKERS ?? '3';

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
};
const jest = (args) => spawnSync('npx', ['jest', ...args, ...passThrough], { stdio: 'inherit', env }).status ?? 1;

const runs = [];
if (ours.includes('--server-subset')) {
  const serial = SERVER_SUBSET.filter((path) => SERIAL_E2E.includes(path));
  runs.push(['--selectProjects', 'int', 'e2e', `--maxWorkers=${WORKERS}`, '--runTestsByPath', ...SERVER_SUBSET.filter((path) => !serial.includes(path))]);
  runs.push(['--selectProjects', 'e2e-serial', '--runInBand', '--runTestsByPath', ...serial]);
} else {
  const tiers = ours.length > 0 ? ours : ['unit', 'int', 'e2e'];
  const unknown = tiers.filter((tier) => !['unit', 'int', 'e2e'].includes(tier));
  if (unknown.length > 0) {
    console.error(`unknown tier(s): ${unknown.join(', ')} (unit, int, e2e)`);
    process.exit(2);
  }
  runs.push(['--selectProjects', ...tiers, `--maxWorkers=${tiers.length === 1 && tiers[0] === 'unit' ? '50%' : WORKERS}`]);
  if (tiers.includes('e2e')) runs.push(['--selectProjects', 'e2e-serial', '--runInBand']);
}

let failed = false;
for (const args of runs) failed = jest(args) !== 0 || failed;
process.exit(failed ? 1 : 0);
