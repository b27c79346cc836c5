// Runs test tiers the way `npm test` does, against the build already in dist/ (npm test builds once before this).
//   node scripts/run-test-tiers.mjs [unit] [int] [e2e] [jest args]      (no tier named: all of them)
//   node scripts/run-test-tiers.mjs --server-subset                      (the files that depend on the server)
// unit, int and the parallel e2e files share one Jest run with a few workers (most tests wait on polls, leases
// and receivers, not on the CPU); the serial e2e files (whole processes, a browser, heavy load) follow, one at a time.
import { spawnSync } from 'node:child_process';
import { SERIAL_E2E, SERVER_SUBSET } from '../test/support/test-tiers.mjs';

const TIERS = ['unit', 'int', 'e2e'];
const args = process.argv.slice(2);
const serverSubset = args.includes('--server-subset');
const named = args.filter((arg) => TIERS.includes(arg));
// Anything else goes to Jest as it is (a path filter, -t "name", …).
const passThrough = args.filter((arg) => arg !== '--server-subset' && !TIERS.includes(arg));
const WORKERS = process.env.TEST_WORKERS ?? '3';

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
};
// --passWithNoTests: a path filter may match files of one run only.
const jest = (run) => spawnSync('npx', ['jest', ...run, '--passWithNoTests', ...passThrough], { stdio: 'inherit', env }).status ?? 1;

const runs = [];
if (serverSubset) {
  const serial = SERVER_SUBSET.filter((path) => SERIAL_E2E.includes(path));
  runs.push(['--selectProjects', 'int', 'e2e', `--maxWorkers=${WORKERS}`, '--runTestsByPath', ...SERVER_SUBSET.filter((path) => !serial.includes(path))]);
  runs.push(['--selectProjects', 'e2e-serial', '--runInBand', '--runTestsByPath', ...serial]);
} else {
  const tiers = named.length > 0 ? named : TIERS;
  runs.push(['--selectProjects', ...tiers, `--maxWorkers=${tiers.length === 1 && tiers[0] === 'unit' ? '50%' : WORKERS}`]);
  if (tiers.includes('e2e')) runs.push(['--selectProjects', 'e2e-serial', '--runInBand']);
}

let failed = false;
for (const run of runs) failed = jest(run) !== 0 || failed;
process.exit(failed ? 1 : 0);
