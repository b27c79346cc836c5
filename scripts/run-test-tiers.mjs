// Runs test tiers the way `npm test` does, against the build already in dist/ (npm test builds once before this).
//   node scripts/run-test-tiers.mjs [unit] [int] [e2e] [jest args]      (no tier named: all of them)
//   node scripts/run-test-tiers.mjs --server-subset                      (the files that depend on the server)
// unit, int and the parallel e2e files share one Jest run with a few workers (most tests wait on polls, leases
// and receivers, not on the CPU); the serial e2e files (whole processes, a browser, heavy load) follow, one at a time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERIAL_E2E, SERVER_SUBSET } from '../test/support/test-tiers.mjs';

const TIERS = ['unit', 'int', 'e2e'];
const args = process.argv.slice(2);
const serverSubset = args.includes('--server-subset');
const named = args.filter((arg) => TIERS.includes(arg));
// Anything else goes to Jest as it is (a path filter, -t "name", …).
const passThrough = args.filter((arg) => arg !== '--server-subset' && !TIERS.includes(arg));
const WORKERS = process.env.TEST_WORKERS ?? '3';

// A stale entry in a list would silently run nothing.
const missing = [...SERIAL_E2E, ...SERVER_SUBSET].filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.error(`test/support/test-tiers.mjs lists files that do not exist: ${missing.join(', ')}`);
  process.exit(2);
}

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
};
const results = mkdtempSync(join(tmpdir(), 'test-tiers-'));
let passed = 0;
let failed = 0;
/** Runs Jest and adds its counts; a run that crashed before reporting counts as one failure. */
function jest(run, index) {
  const outputFile = join(results, `${index}.json`);
  // A path filter given by the caller may match files of one run only.
  const filtered = passThrough.some((arg) => !arg.startsWith('-')) ? ['--passWithNoTests'] : [];
  const status = spawnSync('npx', ['jest', ...run, ...filtered, '--json', `--outputFile=${outputFile}`, ...passThrough], { stdio: 'inherit', env }).status ?? 1;
  if (!existsSync(outputFile)) {
    failed += 1;
    return 1;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  if (status !== 0 && report.numFailedTests + report.numRuntimeErrorTestSuites === 0) failed += 1;
  return status;
}

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

let status = 0;
runs.forEach((run, index) => {
  if (jest(run, index) !== 0) status = 1;
});
rmSync(results, { recursive: true, force: true });
// The totals of every Jest run above, in the one line CI reads.
console.log(`tiers: ${passed} passed, ${failed} failed`);
process.exit(status);
