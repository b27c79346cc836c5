import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'package-test-key-0123456789';
const SECRET = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** What an integrator writes: TypeScript (ESM), checked against the package's declarations with no skipLibCheck. */
const TYPED_PROGRAM = `
import { readFileSync } from 'node:fs';
import {
  CallbackApiError, CallbackClient, CallbackNotFoundError, isJobCallback, verifyWebhook, webhookNameOf,
  type CallbackPayload, type JobCallbackPayload, type JobResponse, type Page, type WebhookHeaders,
} from 'callback-integration-client';
import { createActivities, type CallbackActivities } from 'callback-integration-client/temporal';

const client = new CallbackClient({ baseUrl: process.env.BASE_URL!, apiKey: process.env.API_KEY });
if (process.argv[2] === 'create') {
  const job: JobResponse = await client.createJob({ callback_url: process.env.CALLBACK_URL, metadata: { from: 'typescript' } });
  const done = await client.updateJob(job.id, { status: 'completed' });
  // @ts-expect-error a job has no such status
  const wrong = () => client.updateJob(job.id, { status: 'finished' });
  const activities: CallbackActivities = createActivities(client, {});
  const missing = await client.getJob('job-missing').catch((error: unknown) => error);
  if (!(missing instanceof CallbackNotFoundError)) throw missing;
  const page: Page<JobResponse> = await client.jobs.list({ limit: 1 }).firstPage();
  const listed: string[] = [];
  for await (const each of client.jobs.list({ limit: 1, status: 'completed' })) listed.push(each.id);
  console.log(JSON.stringify({ status: done.status, notFound: missing instanceof CallbackApiError, requestId: missing.requestId, wrong: typeof wrong, activities: typeof activities.addStep, listed: listed.length, first: page.data[0].id === job.id }));
} else {
  const { body, headers } = JSON.parse(readFileSync(0, 'utf8')) as { body: string; headers: WebhookHeaders };
  const webhook = verifyWebhook(process.env.SECRET!, body, headers);
  const payload: CallbackPayload = webhook.payload;
  if (!isJobCallback(payload)) throw new Error('not a job callback');
  const job: JobCallbackPayload = payload;
  console.log(JSON.stringify({ name: webhookNameOf(payload), id: webhook.id, job_id: job.job_id, status: job.status, metadata: job.metadata }));
}
`;

/** The same package through require(), with its CommonJS declarations. */
const TYPED_REQUIRE = `
import client = require('callback-integration-client');
const error: client.CallbackApiError = new client.CallbackConflictError(409, 'conflict', 'status', {}, undefined, 'id-1');
export const checked: string | undefined = error.requestId;
`;

const PLAIN_ESM = `
import { CallbackClient, CallbackConflictError, CallbackValidationError } from 'callback-integration-client';
const client = new CallbackClient({ baseUrl: process.env.BASE_URL, apiKey: process.env.API_KEY });
const job = await client.createJob();
await client.cancelJob(job.id);
const conflict = await client.updateJob(job.id, { status: 'completed' }).catch((error) => error);
const invalid = await client.createJob({ callback_url: 'not a url' }).catch((error) => error);
console.log(JSON.stringify({
  conflict: [conflict.name, conflict instanceof CallbackConflictError, conflict.statusCode, conflict.field, conflict.requestId],
  invalid: [invalid.name, invalid instanceof CallbackValidationError, invalid.statusCode, invalid.field],
}));
`;

const PLAIN_CJS = `
const { CallbackClient, CallbackNotFoundError } = require('callback-integration-client');
const temporal = require('callback-integration-client/temporal');
const client = new CallbackClient({ baseUrl: process.env.BASE_URL, apiKey: process.env.API_KEY });
client.getRun('run-missing').catch((error) => {
  console.log(JSON.stringify({ notFound: error instanceof CallbackNotFoundError, name: error.name, requestId: error.requestId, temporal: Object.keys(temporal).sort() }));
});
`;

describe('the client as an installed package (npm pack, installed into a new project)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let scratch: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ API_KEYS: KEY, WEBHOOK_SIGNING_SECRET: SECRET });
    await resetDatabase(t.db);
    await t.app.listen(0, '127.0.0.1');
    env = { BASE_URL: `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`, API_KEY: KEY, SECRET, CALLBACK_URL: receiver.url('/typed') };

    scratch = mkdtempSync(join(tmpdir(), 'client-package-'));
    const packed = await run('npm', ['pack', '--workspace', 'client', '--pack-destination', scratch, '--json'], { cwd: resolve('.') });
    expect([packed.code, packed.stderr]).toEqual([0, expect.any(String)]);
    const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    expect(files.map((file) => file.path).filter((path) => !path.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);

    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, types: ['node'], outDir: 'out', skipLibCheck: false }, include: ['*.ts', '*.cts'] }),
    );
    writeFileSync(join(scratch, 'typed.ts'), TYPED_PROGRAM);
    writeFileSync(join(scratch, 'typed-require.cts'), TYPED_REQUIRE);
    writeFileSync(join(scratch, 'plain.mjs'), PLAIN_ESM);
    writeFileSync(join(scratch, 'plain.cjs'), PLAIN_CJS);
    // The tarballs come from the cache `npm ci` filled (the versions this repository locks); a package document npm
    // lacks is asked of the npm registry. @temporalio/activity is the optional peer the /temporal entry needs.
    const locked = (name: string) => `${name}@${JSON.parse(readFileSync(resolve(`node_modules/${name}/package.json`), 'utf8')).version}`;
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${filename}`, locked('@types/node'), locked('@temporalio/activity')], { cwd: scratch });
    expect([installed.code, installed.stderr.replace(/npm warn[^\n]*\n/g, '')]).toEqual([0, '']);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('compiles against its declarations from TypeScript (import and require), and the program runs', async () => {
    const compiled = await run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: scratch });
    expect([compiled.code, compiled.stdout]).toEqual([0, '']);

    const created = await run(process.execPath, ['out/typed.js', 'create'], { cwd: scratch, env });
    expect([created.code, created.stderr]).toEqual([0, '']);
    expect(JSON.parse(created.stdout)).toEqual({ status: 'completed', notFound: true, requestId: expect.stringMatching(UUID), wrong: 'function', activities: 'function', listed: 1, first: true });

    await eventually(() => receiver.requests.length === 1, { what: 'the signed callback' });
    const [callback] = receiver.requests;
    const verified = await run(process.execPath, ['out/typed.js', 'verify'], { cwd: scratch, env, input: JSON.stringify({ body: callback.body, headers: callback.headers }) });
    expect([verified.code, verified.stderr]).toEqual([0, '']);
    const jobId = JSON.parse(callback.body).job_id as string;
    expect(JSON.parse(verified.stdout)).toEqual({ name: 'jobCompleted', id: callback.headers['webhook-id'], job_id: jobId, status: 'completed', metadata: { from: 'typescript' } });
  }, 120_000);

  it('works from plain ES modules: typed errors with the request id', async () => {
    const { code, stdout, stderr } = await run(process.execPath, ['plain.mjs'], { cwd: scratch, env });
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual({
      conflict: ['CallbackConflictError', true, 409, 'status', expect.stringMatching(UUID)],
      invalid: ['CallbackValidationError', true, 400, 'callback_url'],
    });
  });

  it('works from CommonJS require()', async () => {
    const { code, stdout, stderr } = await run(process.execPath, ['plain.cjs'], { cwd: scratch, env });
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual({ notFound: true, name: 'CallbackNotFoundError', requestId: expect.stringMatching(UUID), temporal: ['createActivities', 'directStepWebhookId', 'fromEnvironment', 'reportAgentRun', 'stepActivityOptions'] });
  });
});
