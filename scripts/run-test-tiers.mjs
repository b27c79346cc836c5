// Runs test tiers the way `npm test` does, against the build already in dist/ (npm test builds once before this).
//   node scripts/run-test-tiers.mjs [unit] [int] [e2e] [jest args]      (no tier named: all of them)
//   node scripts/run-test-tiers.mjs --server-subset                      (the files that depend on the server)
// Two Jest runs start together: unit, int and the parallel e2e files with a few workers (TEST_WORKERS, 3: most
// tests wait on polls, leases and receivers, not on the CPU), and beside it the e2e files that run whole service
// processes or a browser (SERIAL_E2E), in a lane of their own (TEST_SERIAL_WORKERS, 2 at a time). The files that
// measure stalls or memory (ALONE_E2E) run last, one at a time, with nothing beside them. Unless a path is named,
// the int and e2e files of the first two runs go in bundles of several files each (see below).
// Both runs share one PostgreSQL: the embedded one is started here (unless DATABASE_URL names a server), and each
// Jest run migrates a template of its own that its workers copy (test/support/global-setup.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { postgresServerToolsNotice } from '../test/support/postgres-server-tools.mjs';
import { receiverPythonNotice } from '../test/support/receiver-python.mjs';
import { BUNDLES_ROOT, recordDurations, removeBundles, testFiles, writeBundles } from '../test/support/test-bundles.mjs';
import { ALONE_E2E, SERIAL_E2E, SERVER_SUBSET, unrunnableE2E } from '../test/support/test-tiers.mjs';

const TIERS = ['unit', 'int', 'e2e'];
const args = process.argv.slice(2);
const serverSubset = args.includes('--server-subset');
const named = args.filter((arg) => TIERS.includes(arg));
// Anything else goes to Jest as it is (a path filter, -t "name", …).
const passThrough = args.filter((arg) => arg !== '--server-subset' && !TIERS.includes(arg));
const WORKERS = process.env.TEST_WORKERS ?? '3';
// The lane of SERIAL_E2E files beside the parallel run: two files at a time (each mostly waits on its processes).
const SERIAL_WORKERS = process.env.TEST_SERIAL_WORKERS ?? '2';

// A stale entry in a list would silently run nothing.
const missing = [...SERIAL_E2E, ...ALONE_E2E, ...SERVER_SUBSET].filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.error(`test/support/test-tiers.mjs lists files that do not exist: ${missing.join(', ')}`);
  process.exit(2);
}

// With no path named, the database tiers' files run in bundles (test/support/test-bundles.mjs): a few generated
// files per lane that each import several spec files, so a worker imports the app once per bundle, not per file.
// A path named on the command line runs that file by itself, as Jest names it.
// TEST_BUNDLES=0 runs every file by itself (to rule bundling out, or to record durations: see test-bundles.mjs).
// Jest's path patterns: its other arguments (the value of -t aside) are options, given as --name=value.
const pathPatterns = passThrough.filter((arg, index) => !arg.startsWith('-') && !['-t', '--testNamePattern'].includes(passThrough[index - 1]));
const pathNamed = pathPatterns.length > 0;
const unbundled = pathNamed || process.env.TEST_BUNDLES === '0';
const bundleFolder = join(BUNDLES_ROOT, `run-${process.pid}`);
const bundles = [];
const durations = {}; // file → seconds, when TEST_DURATIONS_OUT asks for them (runs by file only)
/** A Jest run of `files` (one lane's) in `count` bundles, written now. */
function bundled(label, files, count, options) {
  if (files.length === 0) return [];
  const written = writeBundles(bundleFolder, label, files, count);
  bundles.push(...written);
  return [{ label, env: { TEST_BUNDLES: join(bundleFolder, `${label}-`) }, run: ['--selectProjects', 'bundled', ...options] }];
}

/**
 * Whether the paths named on the command line (Jest's patterns, matched against a file's absolute path) take in any
 * of `files`: a lane none of them names is not started (each Jest start costs a second or two).
 */
function namesAnyOf(files) {
  if (!pathNamed) return true;
  try {
    return files.some((file) => pathPatterns.some((pattern) => new RegExp(pattern).test(resolve(file))));
  } catch {
    return true; // not a regular expression here: let Jest judge it
  }
}

/** Jest runs in steps; the runs of one step go side by side. */
const steps = [];
const unrunnable = unrunnableE2E();
const serialE2E = SERIAL_E2E.filter((path) => !unrunnable.includes(path));
const serialWorkers = `--maxWorkers=${SERIAL_WORKERS}`;
if (serverSubset) {
  const inSubset = (list) => SERVER_SUBSET.filter((path) => list.includes(path));
  const parallel = SERVER_SUBSET.filter((path) => !SERIAL_E2E.includes(path) && !ALONE_E2E.includes(path));
  const workers = `--maxWorkers=${WORKERS}`;
  steps.push(
    unbundled
      ? [
          { label: 'parallel', run: ['--selectProjects', 'int', 'e2e', workers, '--runTestsByPath', ...parallel] },
          { label: 'serial', run: ['--selectProjects', 'e2e-serial', serialWorkers, '--runTestsByPath', ...inSubset(serialE2E)] },
        ]
      : [...bundled('parallel', parallel, 3 * Number(WORKERS), [workers]), ...bundled('serial', inSubset(serialE2E), 2 * Number(SERIAL_WORKERS), [serialWorkers])],
  );
  if (inSubset(ALONE_E2E).length > 0) steps.push([{ label: 'alone', run: ['--selectProjects', 'e2e-alone', '--runInBand', '--runTestsByPath', ...inSubset(ALONE_E2E)] }]);
} else {
  const tiers = named.length > 0 ? named : TIERS;
  const workers = `--maxWorkers=${tiers.length === 1 && tiers[0] === 'unit' ? '50%' : WORKERS}`;
  const first = [];
  const parallelE2E = testFiles('test', '.e2e-spec.ts').filter((path) => ![...SERIAL_E2E, ...ALONE_E2E, ...unrunnable].includes(path));
  if (unbundled || (tiers.length === 1 && tiers[0] === 'unit')) {
    const parallelFiles = [...testFiles('src', '.spec.ts'), ...testFiles('dashboard/src', '.spec.ts'), ...testFiles('test', '.int-spec.ts'), ...parallelE2E];
    if (namesAnyOf(parallelFiles)) first.push({ label: 'parallel', run: ['--selectProjects', ...tiers, workers] });
    if (tiers.includes('e2e') && namesAnyOf(serialE2E)) first.push({ label: 'serial', run: ['--selectProjects', 'e2e-serial', serialWorkers] });
  } else {
    const files = [...(tiers.includes('int') ? testFiles('test', '.int-spec.ts') : []), ...(tiers.includes('e2e') ? parallelE2E : [])];
    const [parallel] = bundled('parallel', files, 3 * Number(WORKERS), [workers]);
    // The unit tier's files are light and many: they run as they are, in the parallel run's workers.
    if (tiers.includes('unit')) parallel.run.splice(1, 0, 'unit');
    first.push(parallel);
    if (tiers.includes('e2e')) first.push(...bundled('serial', serialE2E, 2 * Number(SERIAL_WORKERS), [serialWorkers]));
  }
  steps.push(first);
  if (tiers.includes('e2e') && namesAnyOf(ALONE_E2E)) steps.push([{ label: 'alone', run: ['--selectProjects', 'e2e-alone', '--runInBand'] }]);
}
const needsDatabase = serverSubset || named.length === 0 || named.some((tier) => tier !== 'unit');
// Decided once here (kept in RECEIVER_PYTHON and PG_SERVER_TOOLS for the Jest runs): whether the FastAPI receiver
// example and the read replica's routing are tested.
const notices = !serverSubset && (named.length === 0 || named.includes('e2e')) ? [receiverPythonNotice(), postgresServerToolsNotice()] : [];
for (const notice of notices) console.log(notice);

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
  // Jest's output comes through a pipe here: keep its colours when a terminal reads it.
  ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}),
};
const results = mkdtempSync(join(tmpdir(), 'test-tiers-'));
const children = new Set();
let embedded;
let passed = 0;
let failed = 0;

/** Copies a child's output line by line (two runs at once never mix halves of lines), the side run's marked. */
function relay(stream, target, prefix) {
  let carry = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop();
    if (lines.length > 0) target.write(lines.map((line) => prefix + line + '\n').join(''));
  });
  stream.on('end', () => carry && target.write(prefix + carry + '\n'));
}

/** Runs Jest and adds its counts; a run that crashed before reporting counts as one failure. */
async function jest({ label, run, env: own = {} }, index, beside) {
  const outputFile = join(results, `${index}.json`);
  // A path filter given by the caller may match files of one run only.
  const filtered = pathNamed ? ['--passWithNoTests'] : [];
  const child = spawn('npx', ['jest', ...run, ...filtered, '--json', `--outputFile=${outputFile}`, ...passThrough], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, ...own },
  });
  children.add(child);
  const prefix = beside ? `${label} │ ` : '';
  relay(child.stdout, process.stdout, prefix);
  relay(child.stderr, process.stderr, prefix);
  const status = await new Promise((done) => child.on('close', (code) => done(code ?? 1)));
  children.delete(child);
  if (!existsSync(outputFile)) {
    failed += 1;
    return 1;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  explainFailedBundles(report);
  for (const result of report.testResults) {
    const file = relative(process.cwd(), result.name);
    if (file.startsWith('test/')) durations[file] = Math.round(result.endTime - result.startTime) / 1000;
  }
  if (status !== 0 && report.numFailedTests + report.numRuntimeErrorTestSuites === 0) failed += 1;
  return status;
}

/** Jest names a bundle where a test failed: say which spec files it holds and how to run one of them alone. */
function explainFailedBundles(report) {
  for (const result of report.testResults) {
    const bundle = bundles.find((candidate) => result.name.endsWith(candidate.path));
    if (!bundle || result.status !== 'failed') continue;
    console.log(`${bundle.path} failed; it holds ${bundle.files.join(', ')}`);
    console.log(`  one of them alone, after a build: node scripts/run-test-tiers.mjs <path>`);
  }
}

async function startDatabase() {
  if (!needsDatabase || env.DATABASE_URL) return;
  const { startEmbeddedDatabase } = await import(resolve('dist/platform/database/embedded-database.js'));
  const started = Date.now();
  embedded = await startEmbeddedDatabase(resolve('.data/test-postgres'), (message) => console.log(message));
  console.log(`embedded PostgreSQL for tests ready in ${Date.now() - started} ms`);
  env.DATABASE_URL = embedded.url;
  await withoutDurability(embedded.url);
}

/**
 * The tests' own cluster needs no durability across a crash of the machine: no fsync, no full pages in the WAL
 * (PostgreSQL's advice for throwaway clusters). What a commit means to another session is unchanged; the outages
 * the tests cause are of connections, not of this server. synchronous_commit stays on: off, a tuple's hint bits wait
 * for the WAL writer, and the plan tests (index-only scans, rows read per claim) saw other plans (3 of 3 runs).
 * Never done to a server named by DATABASE_URL.
 */
async function withoutDurability(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ALTER SYSTEM RESET ALL'); // exactly these, whatever an earlier run of the runner set
    for (const setting of ['fsync', 'full_page_writes']) await client.query(`ALTER SYSTEM SET ${setting} = off`);
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
}

async function finish(status) {
  for (const child of children) child.kill('SIGTERM');
  await embedded?.stop().catch((error) => console.error(`stopping the embedded PostgreSQL failed: ${error}`));
  rmSync(results, { recursive: true, force: true });
  removeBundles(bundleFolder);
  if (process.env.TEST_DURATIONS_OUT && unbundled) recordDurations(durations, process.env.TEST_DURATIONS_OUT);
  for (const notice of notices) console.log(notice); // again by the totals, where a reader looks
  // The totals of every Jest run above, in the one line CI reads.
  console.log(`tiers: ${passed} passed, ${failed} failed`);
  process.exit(status);
}
process.once('SIGINT', () => void finish(130));
process.once('SIGTERM', () => void finish(143));

let status = 0;
if (steps.flat().length === 0) {
  // A mistyped path must not read as a green run.
  console.error(`no test file of the tiers asked for matches ${pathPatterns.join(' ')}`);
  failed += 1;
  await finish(1);
}
try {
  await startDatabase();
  let index = 0;
  for (const step of steps) {
    const codes = await Promise.all(step.map((run) => jest(run, index++, step.length > 1 && run.label !== 'parallel')));
    if (codes.some((code) => code !== 0)) status = 1;
  }
} catch (error) {
  console.error(error);
  failed += 1;
  status = 1;
}
await finish(status);
