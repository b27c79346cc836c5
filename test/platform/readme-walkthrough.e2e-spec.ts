import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../../src/platform/config/load-app-config';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { deliveriesAtRest } from '../support/deliveries-at-rest';
import { codeBlocks, headingAnchors, links, section, splitAssignments } from '../support/markdown';
import { eventually } from '../support/poll';
import { productionNodeFlags, servicePort, startService, type ServiceProcess } from '../support/service-process';
import { ShellSession } from '../support/shell-session';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const README = readFileSync('README.md', 'utf8');
const WALKTHROUGH = section(README, '## Five-minute walkthrough');
const COMMANDS = codeBlocks(WALKTHROUGH).filter((block) => block.lang === 'sh').map((block) => block.code.trim());
const SERVICE_COMMAND = splitAssignments(COMMANDS.find((code) => /\bnpm start$/.test(code)) ?? '');
const RECEIVER_COMMAND = splitAssignments(COMMANDS.find((code) => code.includes('examples/receiver.mjs')) ?? '');
/** Terminal 3: every other block, run in order in one shell. */
const CLIENT_BLOCKS = COMMANDS.filter((code) => !/\bnpm start$/.test(code) && !code.includes('examples/receiver.mjs'));
const SERVICE_PORT = loadAppConfig({}).port; // the walkthrough starts the service on its default port

/** The JSON body a curl command of the walkthrough sends (`-d '…'`). */
function curlBody(pattern: RegExp): Record<string, unknown> {
  const command = CLIENT_BLOCKS.join('\n').replace(/\\\n\s*/g, ' ').split('\n').find((line) => pattern.test(line));
  return JSON.parse(/-d '([^']*)'/.exec(command ?? '')?.[1] ?? 'null');
}

/** A `code span` of the walkthrough's prose that starts with `prefix`: a message the README quotes. */
function quoted(prefix: string): string {
  const found = [...WALKTHROUGH.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`]+)`/g)].map((match) => match[1]).find((span) => span.startsWith(prefix));
  if (!found) throw new Error(`the walkthrough quotes no message starting "${prefix}"`);
  return found;
}

/** A list answer's items: a bare array, or a page's `data`. */
const items = (body: unknown): Array<Record<string, unknown>> => (Array.isArray(body) ? body : (body as { data: Array<Record<string, unknown>> }).data);

describe("the README's five-minute walkthrough, run as written against a service process and examples/receiver.mjs", () => {
  let db: DataSource;
  let service: ServiceProcess;
  let receiver: ChildProcess;
  let receiverOutput = '';
  let receiverPort: number;
  let shell: ShellSession;
  const outputs: string[] = [];
  /** What a reader's copy of a block does here: the same commands, aimed at this test's ports. */
  const onThisMachine = (code: string) =>
    code.replaceAll(`127.0.0.1:${SERVICE_PORT}`, new URL(service.url).host).replaceAll(`127.0.0.1:${RECEIVER_COMMAND.env.PORT}`, `127.0.0.1:${receiverPort}`);

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    expect(SERVICE_COMMAND).toMatchObject({ command: 'npm start', env: { CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    expect(SERVICE_COMMAND.env.PORT).toBeUndefined();
    // `npm start` is the build plus start:prod's command (test/platform/npm-start-signals checks that); the run's build is used.
    service = await startService(SERVICE_COMMAND.env, productionNodeFlags());
    expect(RECEIVER_COMMAND.command).toBe('node examples/receiver.mjs');
    receiverPort = await servicePort();
    receiver = spawn(process.execPath, ['examples/receiver.mjs'], {
      env: { ...process.env, NODE_OPTIONS: '', ...RECEIVER_COMMAND.env, PORT: String(receiverPort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (receiverOutput += chunk.toString()));
    await eventually(() => receiverOutput.includes(`listening on ${receiverPort}`), { what: 'the example receiver to listen' });
    shell = ShellSession.start({ ...process.env, NODE_OPTIONS: '' });
  });
  afterAll(async () => {
    shell?.stop();
    receiver?.kill();
    service?.child.kill('SIGKILL');
    await db?.destroy();
  });

  it('sends traffic only to the service and the receiver on 127.0.0.1, with the bodies a first callback needs', () => {
    const hosts = [...CLIENT_BLOCKS.join('\n').matchAll(/https?:\/\/([^/\s'"]+)/g)].map((match) => match[1]);
    expect(new Set(hosts)).toEqual(new Set([`127.0.0.1:${SERVICE_PORT}`, `127.0.0.1:${RECEIVER_COMMAND.env.PORT}`]));
    const create = curlBody(/-X POST \S*\/v1\/jobs /);
    expect(create).toMatchObject({ callback_url: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${RECEIVER_COMMAND.env.PORT}/`)) });
    expect(curlBody(/-X PATCH \S*\/v1\/jobs\//)).toEqual({ status: 'completed' });
    expect(RECEIVER_COMMAND.env.WEBHOOK_SIGNING_SECRET).toBe(SERVICE_COMMAND.env.WEBHOOK_SIGNING_SECRET);
  });

  it('runs every command block in order, each with no error, the way a reader pastes them', async () => {
    expect(CLIENT_BLOCKS.length).toBeGreaterThanOrEqual(3);
    for (const code of CLIENT_BLOCKS) {
      // A reader reads the answer before the next block: by then the callback has been sent.
      await deliveriesAtRest(db, { serviceUrls: [service.url] });
      const result = await shell.run(onThisMachine(code));
      expect({ code, ...result }).toEqual({ code, stdout: expect.any(String), stderr: '', exitCode: 0 });
      expect(result.stdout).not.toMatch(/"statusCode":\s*[45]\d\d/);
      outputs.push(result.stdout);
    }
  });

  it('created and completed the job, and the signed POST reached the receiver, which verified it and printed it once', async () => {
    await deliveriesAtRest(db, { serviceUrls: [service.url] });
    const [auth, jobId, deliveryId] = [await shell.variable('AUTH'), await shell.variable('JOB'), await shell.variable('DELIVERY')];
    expect(auth).toBe(`authorization: Bearer ${SERVICE_COMMAND.env.API_KEYS}`);
    const get = async (path: string) => (await fetch(`${service.url}${path}`, { headers: { authorization: auth.split(': ')[1] } })).json() as Promise<Record<string, any>>;
    const job = await get(`/v1/jobs/${jobId}`);
    const create = curlBody(/-X POST \S*\/v1\/jobs /);
    expect(job).toMatchObject({
      status: 'completed',
      metadata: create.metadata,
      callback_url: onThisMachine(create.callback_url as string),
      callback_status_code: 204,
      callback_error: null,
    });

    const delivery = await get(`/v1/deliveries/${deliveryId}`);
    const redeliveries = CLIENT_BLOCKS.filter((code) => code.includes('/redeliver')).length;
    expect(delivery).toMatchObject({ subject_id: jobId, status: 'succeeded', attempt_count: 1 + redeliveries });
    for (const attempt of delivery.attempts) {
      expect(attempt).toMatchObject({ status_code: 204, request_headers: { 'webhook-id': deliveryId } });
      expect(attempt.request_headers['webhook-timestamp']).toMatch(/^\d+$/);
      expect(attempt.request_headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    }
    // The block that shows the headers sent shows these three.
    const shown = outputs[CLIENT_BLOCKS.findIndex((code) => code.includes('request_headers'))];
    expect(shown).toContain(`'webhook-id': '${deliveryId}'`);
    expect(shown).toMatch(/'webhook-timestamp': '\d+'/);
    expect(shown).toMatch(/'webhook-signature': 'v1,/);

    // examples/receiver.mjs prints a callback only when its signature verified, and a webhook-id once.
    const printed = receiverOutput.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(printed).toEqual([{ webhook_id: deliveryId, job_id: jobId, status: 'completed', completed_at: job.completed_at, metadata: create.metadata }]);
    const sample = codeBlocks(WALKTHROUGH).find((block) => block.code.startsWith('{"webhook_id"'))!.code;
    const shape = (value: Record<string, unknown>) => ({ keys: Object.keys(value), status: value.status, metadata: value.metadata });
    expect(shape(JSON.parse(sample))).toEqual(shape(printed[0])); // the line the README shows is the line printed
  });

  it("prints the job's dashboard page, which the service serves", async () => {
    const jobId = await shell.variable('JOB');
    const url = outputs[CLIENT_BLOCKS.findIndex((code) => code.includes('/dashboard/'))].trim();
    expect(url).toBe(`${service.url}/dashboard/jobs/${jobId}`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('the refusals the walkthrough quotes, without CALLBACK_ALLOW_PRIVATE_NETWORKS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'false' });
  });
  afterAll(async () => t?.close());

  it("answers the walkthrough's create with the 400 it quotes, naming the setting", async () => {
    const refused = await request(t.http).post('/v1/jobs').send(curlBody(/-X POST \S*\/v1\/jobs /)).expect(400);
    expect(refused.body).toMatchObject({ field: 'callback_url', message: quoted('callback_url points to') });
  });

  it('dead-letters a localhost callback with the error it quotes, in the job and in the delivery', async () => {
    const body = curlBody(/-X POST \S*\/v1\/jobs /);
    const job = (await request(t.http).post('/v1/jobs').send({ ...body, callback_url: (body.callback_url as string).replace('127.0.0.1', 'localhost') }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    const expected = quoted('blocked destination');
    const done = await eventually(async () => {
      const current = (await request(t.http).get(`/v1/jobs/${job.id}`)).body;
      return current.callback_error && current;
    });
    expect(done.callback_error).toBe(expected);
    const [delivery] = items((await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body);
    expect(delivery).toMatchObject({ status: 'dead_lettered', last_error: expected, next_attempt_at: null });
  });
});

describe('README and docs/ stay true', () => {
  it('Quick start holds the two commands, and .ci/run runs the test one', () => {
    const quickStart = codeBlocks(section(README, '## Quick start')).find((block) => block.lang === 'sh')!.code;
    expect(quickStart.split('\n').filter(Boolean).map((line) => line.replace(/\s+#.*$/, ''))).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^run_suite "embedded PostgreSQL" npm test$/m);
  });

  it('the configuration table lists every variable the service reads, with its real default and range', () => {
    const source = readFileSync('src/platform/config/load-app-config.ts', 'utf8');
    const read = new Set([...source.matchAll(/'([A-Z][A-Z0-9_]+)'|env\.([A-Z][A-Z0-9_]+)/g)].map((match) => match[1] ?? match[2]));
    const rows = [...section(README, '## Configuration').matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \| ([^|]+) \|/gm)];
    expect(rows.map((row) => row[1]).sort()).toEqual([...read].sort());
    for (const [, name, defaultCell, accepted] of rows) {
      const documented = /^`([^`]*)`/.exec(defaultCell.trim())?.[1];
      // Setting the documented default changes nothing: it is the default.
      if (documented !== undefined) expect({ name, config: loadAppConfig({ [name]: documented }) }).toEqual({ name, config: loadAppConfig({}) });
      const range = /^(\d+)–(\d+)$/.exec(accepted.trim());
      if (range) expect(() => loadAppConfig({ [name]: 'x' })).toThrow(`${name} must be an integer from ${range[1]} to ${range[2]}`);
    }
  });

  it('every relative link in README.md, docs/ and examples/ points to a file that exists, and to a heading that exists', () => {
    const markdownFiles = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => (statSync(join(folder, name)).isDirectory() ? markdownFiles(join(folder, name)) : name.endsWith('.md') ? [join(folder, name)] : []));
    const broken: string[] = [];
    for (const file of ['README.md', ...markdownFiles('docs'), ...markdownFiles('examples')]) {
      for (const { target } of links(readFileSync(file, 'utf8'))) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split('#');
        const resolved = path ? join(dirname(file), decodeURIComponent(path)) : file;
        if (!existsSync(resolved)) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor && resolved.endsWith('.md') && !headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
