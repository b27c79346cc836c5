// npm run bench -- [--n 20000] [--concurrency 32] [--mode jobs|runs] [--rate 0] [--replicas 1]
//                  [--receiver-delay 0] [--failure-rate 0] [--hanging-share 0] [--baseline] [--floor] [--endpoints 1,10]
//                  [--history 0,1000000 [--purge-while-measuring]] [--json results.json]
// --baseline then runs bench/baseline-service.mjs (commit, then the callback POST inline) with the same load,
// receiver and database server, one after the other, and prints service / baseline ratios.
// --floor also runs bench/stack-floor-service.mjs: the baseline's inline job built from the required stack (NestJS
// on Fastify, TypeORM's pool, @nestjs/axios) without the product's design, and prints its ratios: what the stack
// alone costs (floor / baseline) and what the design costs on top of it (service / floor).
// --endpoints 1,10 then runs the service once per count E (bench/endpoints-mode.mjs): jobs without a callback_url,
// E endpoints on the receiver, every completion fanned out to each; prints them per delivery beside the per-job mode.
// --history 0,1000000 instead loads N past jobs into a database (bench/history-mode.mjs), then runs the closed and the
// open loop (at --rate, default 200/s) on it and on an empty one, alternating, --history-rounds times; prints ratios.
// --history 1000000 --purge-while-measuring instead runs those loops on the one history with RETENTION=forever and
// with a RETENTION that purges a slice of it while they run (bench/purge-mode.mjs); prints purging ÷ not purging.
// --hanging-share 0.1 sends every 10th job's callback to a receiver that never answers: the other figures
// then show whether it slows the API or the healthy receiver.
// BENCH_SERVICE_NODE_ARGS passes node flags to the service processes (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof),
// BENCH_BASELINE_NODE_ARGS to the baseline's and the stack floor's; BENCH_SERVICE_STDOUT=1 shows their stdout
// (e.g. with --trace-gc).
// Drives the built service (dist/, production settings) through its REST API from this process, with the
// receiver in a process of its own, on PostgreSQL (DATABASE_URL's server, else an embedded one). Loopback only.
import { fork, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expectOk, freePort, inParallel, openLoop, percentiles, productionNodeFlags, round, sampleRss, send } from './load-tools.mjs';
import { benchDatabase, countOverlappingAttempts, databaseWritesPerDelivery } from './bench-database.mjs';
import { startCpuAccount } from './cpu-time.mjs';
import { checkEndpoints, endpointRatios, offeredLoad, parseEndpointCounts, printEndpointChecks, printEndpointRatios, registerEndpoints } from './endpoints-mode.mjs';
import { parseHistorySizes, runHistoryMode } from './history-mode.mjs';
import { runPurgeMode } from './purge-mode.mjs';
import { printFigures, printRatios, ratios } from './report.mjs';

const { values: opts } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    mode: { type: 'string', default: 'jobs' },
    rate: { type: 'string', default: '0' },
    replicas: { type: 'string', default: '1' },
    'receiver-delay': { type: 'string', default: '0' },
    'failure-rate': { type: 'string', default: '0' },
    'hanging-share': { type: 'string', default: '0' },
    json: { type: 'string' },
    baseline: { type: 'boolean', default: false },
    floor: { type: 'boolean', default: false },
    endpoints: { type: 'string' },
    history: { type: 'string' },
    'history-rounds': { type: 'string', default: '2' },
    'purge-while-measuring': { type: 'boolean', default: false },
  },
});
const N = Number(opts.n);
const C = Number(opts.concurrency);
const RATE = Number(opts.rate);
const REPLICAS = Number(opts.replicas);
const MODE = opts.mode;
const FAILURE_RATE = Number(opts['failure-rate']);
const HANGING_SHARE = Number(opts['hanging-share']);
if (!['jobs', 'runs'].includes(MODE)) throw new Error('--mode must be jobs or runs');

const BASELINE = opts.baseline;
const FLOOR = opts.floor;
if ((BASELINE || FLOOR) && MODE !== 'jobs') throw new Error('--baseline and --floor compare jobs only (they have no runs or steps)');
const ENDPOINTS = opts.endpoints ? parseEndpointCounts(opts.endpoints) : [];
if (ENDPOINTS.length > 0 && (MODE !== 'jobs' || HANGING_SHARE > 0)) throw new Error('--endpoints fans out job completions: --mode jobs, no --hanging-share');
const HISTORY = opts.history ? parseHistorySizes(opts.history) : [];
if (HISTORY.length > 0 && (BASELINE || FLOOR || ENDPOINTS.length > 0)) throw new Error('--history compares the service with itself on a smaller history: no --baseline, --floor or --endpoints');

const children = [];
const stopAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
process.on('exit', stopAll);

const database = await benchDatabase();
if (opts['purge-while-measuring']) {
  if (HISTORY.filter((size) => size > 0).length !== 1) throw new Error('--purge-while-measuring purges one loaded history: --history N with one N > 0');
  const purge = await runPurgeMode({ units: Math.max(...HISTORY), rounds: Number(opts['history-rounds']), database, runScenario, openRate: RATE || 200 });
  if (opts.json) writeFileSync(opts.json, JSON.stringify(purge, null, 2));
  await database.stop();
  process.exit(purge.lost === 0 ? 0 : 1);
}
if (HISTORY.length > 0) {
  const history = await runHistoryMode({ sizes: HISTORY, rounds: Number(opts['history-rounds']), database, runScenario, openRate: RATE || 200 });
  if (opts.json) writeFileSync(opts.json, JSON.stringify(history, null, 2));
  await database.stop();
  process.exit(history.lost === 0 ? 0 : 1);
}
const results = { service: await runScenario('service') };
printFigures('service (dist/main.js, production flags)', results.service);
for (const count of ENDPOINTS) {
  const figures = ((results.endpoints ??= {})[count] = await runScenario('service', count));
  printFigures(`service, ${count} endpoint(s): jobs without callback_url, each completion fanned out to every endpoint (per delivery)`, figures);
  printEndpointChecks(figures.endpoints);
}
if (BASELINE) {
  results.baseline = await runScenario('baseline');
  printFigures('baseline (bench/baseline-service.mjs: commit, then the callback POST inline)', results.baseline);
}
if (FLOOR) {
  results.floor = await runScenario('floor');
  printFigures('stack floor (bench/stack-floor-service.mjs: the baseline on NestJS/Fastify, TypeORM, @nestjs/axios)', results.floor);
}
if (BASELINE) {
  results.ratios = ratios(results.service, results.baseline);
  printRatios('service / baseline', results.ratios, true);
}
if (BASELINE && FLOOR) {
  results.floor_ratios = ratios(results.floor, results.baseline);
  printRatios('stack floor / baseline: what the required stack costs by itself', results.floor_ratios);
}
if (FLOOR) {
  results.design_ratios = ratios(results.service, results.floor);
  printRatios('service / stack floor: what the design of the product costs on the same stack', results.design_ratios);
}
if (ENDPOINTS.length > 0) {
  results.endpoint_ratios = endpointRatios(results.endpoints, results.service);
  printEndpointRatios(results.endpoint_ratios);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(BASELINE || FLOOR || ENDPOINTS.length > 0 ? results : results.service, null, 2));

await database.stop();
const lost = [results.service, results.baseline, results.floor, ...Object.values(results.endpoints ?? {})].reduce((sum, figures) => sum + (figures?.deliveries_lost ?? 0), 0);
process.exit(lost === 0 ? 0 : 1);

/**
 * One complete run against the product or the baseline: a fresh database, receiver and service processes. With
 * `endpointCount`, the service's jobs have no callback_url and that many endpoints receive every completion.
 * `options` (the history mode): `databaseUrl` (as it is, not recreated) replaces the bench database, `rate`
 * replaces --rate, `beforeLoad(call)` runs once the service answers, before any load, `serviceEnv` adds to the
 * service's environment, and `atLoopStart(services)` / `atLoopEnd(services)` run just outside the measured loop.
 */
async function runScenario(target, endpointCount = 0, options = {}) {
  const { n, rate } = offeredLoad(N, options.rate ?? RATE, endpointCount);
  const databaseUrl = options.databaseUrl ?? database.url;
  if (!options.databaseUrl) await database.recreate();
  const receiver = await startReceiver();
  const services = [];
  if (target !== 'service') services.push(await startComparison(target, databaseUrl));
  else for (let i = 0; i < REPLICAS; i++) services.push(await startService(databaseUrl, receiver.url, options.serviceEnv));
  const replicas = services.length;
  const fanOut = endpointCount > 0 ? `, ${endpointCount} endpoint(s)` : '';
  console.log(`${target}: ${replicas} process(es); receiver on ${receiver.url}; N=${n}, C=${C}, mode=${MODE}${fanOut}${rate ? `, open loop at ${rate}/s` : ', closed loop'}`);

  const clients = services.map((service) => ({ ...service, agent: new Agent({ keepAlive: true, maxSockets: C }) }));
  let turn = 0;
  const call = (method, path, body) => send(clients[turn++ % clients.length], method, path, body);
  await options.beforeLoad?.(call);

  // Phase 1: create the entities (not measured); in the endpoints mode the endpoints first, then jobs without a callback_url.
  const endpoints = endpointCount > 0 ? await registerEndpoints(call, receiver.url, endpointCount) : [];
  const units = new Array(n);
  const hangs = (i) => HANGING_SHARE > 0 && i % Math.round(1 / HANGING_SHARE) === 0;
  await inParallel(n, C, async (i) => {
    if (MODE === 'jobs') {
      const callbackUrl = hangs(i) ? `${receiver.hangingUrl}/jobs` : `${receiver.url}/jobs`;
      units[i] = { id: (await call('POST', '/v1/jobs', endpoints.length > 0 ? { metadata: { i } } : { callback_url: callbackUrl, metadata: { i } })).body.id };
    } else {
      const run = (await call('POST', '/v1/runs', { agent_id: `agent-${i % 16}`, callback_url: `${receiver.url}/runs`, metadata: { i } })).body;
      const step = (await call('POST', `/v1/runs/${run.id}/steps`, {})).body;
      units[i] = { id: run.id, stepId: step.id };
    }
  });
  const hangingJobs = MODE === 'jobs' ? units.filter((_, i) => hangs(i)).length : 0;
  const expectedDeliveries = endpoints.length > 0 ? n * endpoints.length : (MODE === 'jobs' ? n : 2 * n) - hangingJobs; // to the healthy receiver

  // Phase 2: complete them, measuring the completion API and the deliveries that follow.
  const completionLatencies = [];
  const complete = async (unit) => {
    const started = performance.now();
    if (MODE === 'jobs') {
      expectOk(await call('PATCH', `/v1/jobs/${unit.id}`, { status: 'completed' }));
    } else {
      expectOk(await call('PATCH', `/v1/steps/${unit.stepId}`, { status: 'success' }));
      completionLatencies.push(performance.now() - started);
      const second = performance.now();
      expectOk(await call('PATCH', `/v1/runs/${unit.id}`, { status: 'completed' }));
      completionLatencies.push(performance.now() - second);
      return;
    }
    completionLatencies.push(performance.now() - started);
  };
  const rssSampler = sampleRss(services);
  const cpu = startCpuAccount({ servicePids: services.map((service) => service.pid), receiverPid: receiver.pid });
  await options.atLoopStart?.(services);
  const t0 = Date.now();
  if (rate > 0) await openLoop(units, rate, complete);
  else await inParallel(n, C, (i) => complete(units[i]));
  const t1 = Date.now();
  await options.atLoopEnd?.(services);

  const deadline = Date.now() + Math.max(60_000, FAILURE_RATE > 0 ? 120_000 : 0);
  let stats = await receiver.stats();
  // The endpoints mode waits on a cheap count, and past the deadline for as long as deliveries keep arriving.
  const look = endpoints.length > 0 ? receiver.count : receiver.stats;
  for (let seen = stats.unique, movedAt = Date.now(); stats.unique < expectedDeliveries; ) {
    if (Date.now() >= deadline && !(endpoints.length > 0 && Date.now() - movedAt < 10_000)) break;
    await new Promise((done) => setTimeout(done, 200));
    stats = await look();
    if (stats.unique > seen) [seen, movedAt] = [stats.unique, Date.now()];
  }
  if (endpoints.length > 0) stats = await receiver.stats();
  rssSampler.stop();
  const cpuPerDelivery = cpu.perDelivery(stats.unique);
  const isService = target === 'service';
  const serverSide = isService ? await serverSideCompletionLatency(clients) : null;
  const overlappingAttempts = isService ? await countOverlappingAttempts(databaseUrl) : null;

  const completions = MODE === 'jobs' ? n : 2 * n;
  const figures = {
    target,
    mode: MODE,
    loop: rate > 0 ? `open at ${rate}/s` : `closed, C=${C}`,
    n,
    replicas,
    completions_per_second: round(completions / ((t1 - t0) / 1000)),
    deliveries_per_second: round(stats.unique / ((stats.lastReceiptAt - t0) / 1000)),
    delivery_latency_ms: percentiles(stats.latencies),
    completion_api_latency_ms: percentiles(completionLatencies),
    completion_api_server_side: serverSide,
    deliveries_expected: expectedDeliveries,
    deliveries_lost: expectedDeliveries - stats.unique,
    duplicates: stats.requests - stats.refused - stats.unique,
    hanging_receiver: { jobs: hangingJobs, requests_held: stats.hung },
    subjects_with_two_webhook_ids: stats.mixedIds,
    attempts: stats.requests,
    refused_by_receiver: stats.refused,
    peak_rss_mb: rssSampler.peakMb(),
    cpu_ms_per_delivery: cpuPerDelivery,
    concurrent_double_attempts: overlappingAttempts,
    ...(endpoints.length > 0 && { endpoints: await checkEndpoints(call, endpoints, stats, n) }),
  };
  for (const service of services) service.stop();
  await Promise.all(services.map((service) => service.exited));
  await receiver.stop();
  // A history's database holds the load's rows too: counted only on the fresh one this scenario made.
  figures.database_writes_per_delivery = options.databaseUrl ? null : await databaseWritesPerDelivery(databaseUrl, stats.unique);
  return figures;
}

// ---------------------------------------------------------------------------------------------------

/** Reads the services' own PATCH latency histograms, to tell the service's share of the tail from the machine's. */
async function serverSideCompletionLatency(targets) {
  const buckets = new Map();
  for (const target of targets) {
    const text = await new Promise((done, fail) => {
      httpRequest(`${target.url}/metrics`, { agent: target.agent }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => done(body));
      }).on('error', fail).end();
    });
    for (const line of text.split('\n')) {
      const match = /^http_request_duration_seconds_bucket\{le="([^"]+)",method="PATCH",route="[^"]+",status_code="200"\} (\d+)/.exec(line);
      if (match) buckets.set(match[1], (buckets.get(match[1]) ?? 0) + Number(match[2]));
    }
  }
  const total = buckets.get('+Inf') ?? 0;
  const share = (le) => (total ? round(((buckets.get(le) ?? 0) / total) * 100) : null);
  return { within_5ms_pct: share('0.005'), within_10ms_pct: share('0.01'), within_25ms_pct: share('0.025') };
}

async function startReceiver() {
  const child = fork(resolve('bench/receiver.mjs'), {
    env: { ...process.env, RECEIVER_DELAY_MS: opts['receiver-delay'], RECEIVER_FAILURE_RATE: String(FAILURE_RATE) },
  });
  children.push(child);
  const { port, hangingPort } = await new Promise((done) => child.once('message', done));
  const url = `http://127.0.0.1:${port}`;
  const agent = new Agent({ keepAlive: true });
  const exited = new Promise((done) => child.once('exit', done));
  return {
    url,
    pid: child.pid,
    hangingUrl: `http://127.0.0.1:${hangingPort}`,
    stats: async () => (await send({ url, agent }, 'GET', '/stats')).body,
    count: async () => (await send({ url, agent }, 'GET', '/count')).body,
    stop: async () => {
      agent.destroy();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The Letta-style inline baseline (bench/baseline-service.mjs) or its stack floor, on the same database server. */
async function startComparison(target, databaseUrl) {
  const port = await freePort();
  const nodeArgs = [...productionNodeFlags(), ...(process.env.BENCH_BASELINE_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const script = target === 'floor' ? 'bench/stack-floor-service.mjs' : 'bench/baseline-service.mjs';
  const child = spawn(process.execPath, [...nodeArgs, resolve(script)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', process.env.BENCH_SERVICE_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  return waitUntilReady(child, `http://127.0.0.1:${port}`);
}

async function startService(databaseUrl, receiverUrl, extraEnv = {}) {
  const port = await freePort();
  // the production flags of package.json's start:prod, plus e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = [...productionNodeFlags(), ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, resolve('dist/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', // the receiver is on loopback
      STEP_COMPLETE_WEBHOOK: `${receiverUrl}/steps`,
      WEBHOOK_RETRY_SCHEDULE: process.env.WEBHOOK_RETRY_SCHEDULE ?? '100ms,200ms,500ms,1s,2s,5s,10s',
      // --history loads 60 days of the past: retention would purge half of it, and all but 7 days of its response
      // bodies, while the loops run. Set RETENTION / RESPONSE_BODY_RETENTION (or --purge-while-measuring) to measure that.
      RETENTION: process.env.RETENTION ?? 'forever',
      RESPONSE_BODY_RETENTION: process.env.RESPONSE_BODY_RETENTION ?? 'forever',
      ...extraEnv,
    },
    stdio: ['ignore', process.env.BENCH_SERVICE_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  return waitUntilReady(child, `http://127.0.0.1:${port}`);
}

async function waitUntilReady(child, url) {
  children.push(child);
  const exited = new Promise((done) => child.once('exit', done));
  const agent = new Agent({ keepAlive: true });
  for (let i = 0; ; i++) {
    const ready = await send({ url, agent }, 'GET', '/health/ready').catch(() => undefined);
    if (ready?.status === 200) break;
    if (i > 300 || child.exitCode !== null) throw new Error(`${url} did not become ready`);
    await new Promise((done) => setTimeout(done, 100));
  }
  agent.destroy();
  return { url, pid: child.pid, exited, stop: () => child.exitCode === null && child.kill('SIGTERM') };
}
