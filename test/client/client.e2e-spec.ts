import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CallbackApiError,
  CallbackAuthenticationError,
  CallbackClient,
  CallbackConflictError,
  CallbackNetworkError,
  CallbackNotFoundError,
  CallbackRateLimitedError,
  CallbackUnavailableError,
  CallbackValidationError,
} from 'callback-integration-client';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../support/poll';
import { closedPort, Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'client-test-key';

/** A real HTTP server that answers 503 (Retry-After: 0) to the first `failures` requests, then 200 with an empty page. */
async function flakyServer(failures: number): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (requests.length <= failures) res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"statusCode":503,"message":"try later"}');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"has_more":false,"next_cursor":null}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('CallbackClient against the real service', () => {
  let t: TestApp;
  let client: CallbackClient;
  let receiver: Receiver;
  let baseUrl: string;

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ API_KEYS: KEY, STEP_COMPLETE_WEBHOOK: receiver.url('/steps') });
    await resetDatabase(t.db);
    await t.close();
    t = await startTestApp({ API_KEYS: KEY, STEP_COMPLETE_WEBHOOK: receiver.url('/steps') });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    client = new CallbackClient({ baseUrl, apiKey: KEY });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('jobs: create, get, list with paging and filters, update, cancel, events, deliveries', async () => {
    const job = await client.createJob({ callback_url: receiver.url('/job'), metadata: { ci: 'build-1' } });
    expect(job).toMatchObject({ status: 'created', metadata: { ci: 'build-1' }, callback_url: receiver.url('/job'), completed_at: null });
    expect(await client.getJob(job.id)).toEqual(job);
    const second = await client.createJob();
    const third = await client.createJob();
    const first = await client.listJobs({ limit: 2 });
    expect(first.has_more).toBe(true);
    const rest = await client.listJobs({ limit: 2, cursor: first.next_cursor! });
    expect([...first.data, ...rest.data].map((j) => j.id)).toEqual([third.id, second.id, job.id]);
    expect([rest.has_more, rest.next_cursor]).toEqual([false, null]);
    const running = await client.updateJob(job.id, { status: 'running' });
    expect(running.status).toBe('running');
    expect((await client.listJobs({ status: 'running' })).data.map((j) => j.id)).toEqual([job.id]);
    const done = await client.updateJob(job.id, { status: 'completed', metadata: { result: 'ok' } });
    expect(done).toMatchObject({ status: 'completed', metadata: { ci: 'build-1', result: 'ok' } });
    expect((await client.cancelJob(second.id)).status).toBe('cancelled');
    expect((await client.jobEvents(job.id)).data.map((e) => e.type)).toEqual(['JobCreated', 'JobStarted', 'JobMetadataChanged', 'JobCompleted']);
    const [delivery] = await eventually(async () => {
      const { data } = await client.jobDeliveries(job.id);
      return data[0]?.status === 'succeeded' ? data : undefined;
    }, { what: 'the callback' });
    expect(delivery).toMatchObject({ kind: 'job', subject_id: job.id, attempt_count: 1 });
  });

  it('runs and steps: create, list by agent, add steps, complete, events, deliveries, cancel', async () => {
    const run = await client.createRun({ agent_id: 'agent-client', metadata: { m: 1 } });
    expect((await client.listRuns({ agent_id: 'agent-client' })).data.map((r) => r.id)).toEqual([run.id]);
    const step = await client.addStep(run.id, { metadata: { tool: 'grep' } });
    expect(await client.getStep(step.id)).toEqual(step);
    expect((await client.listRunSteps(run.id)).data.map((s) => s.id)).toEqual([step.id]);
    const completed = await client.completeStep(step.id, { status: 'failed', error: 'no match' });
    expect(completed).toMatchObject({ status: 'failed', error: 'no match' });
    expect((await client.stepEvents(step.id)).data.map((e) => e.type)).toEqual(['StepCreated', 'StepCompleted']);
    await eventually(async () => (await client.stepDeliveries(step.id)).data[0]?.status === 'succeeded', { what: 'the step webhook' });
    expect((await client.updateRun(run.id, { status: 'running' })).status).toBe('running');
    expect((await client.cancelRun(run.id)).status).toBe('cancelled');
    expect((await client.getRun(run.id)).status).toBe('cancelled');
    expect((await client.runEvents(run.id)).data.map((e) => e.type)).toEqual(['RunCreated', 'RunStepAdded', 'RunStarted', 'RunCompleted']);
    expect(await client.runDeliveries(run.id)).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('deliveries, redelivery, stats, the live stream and the events feed', async () => {
    const job = await client.createJob({ callback_url: receiver.url('/again') });
    const stream = client.deliveryStream();
    const ready = await stream.next();
    expect(ready.value).toMatchObject({ event: 'ready' });
    await client.updateJob(job.id, { status: 'failed' });
    const scheduled = (await stream.next()).value!;
    expect(scheduled.event).toBe('delivery');
    expect(JSON.parse(scheduled.data)).toMatchObject({ type: 'DeliveryScheduled', delivery: { subject_id: job.id } });
    await stream.return(undefined);

    const [delivery] = await eventually(async () => {
      const { data } = await client.listDeliveries({ subject_id: job.id });
      return data[0]?.status === 'succeeded' ? data : undefined;
    }, { what: 'delivered' });
    expect((await client.redeliver(delivery.id)).id).toBe(delivery.id);
    const detail = await eventually(async () => {
      const d = await client.getDelivery(delivery.id);
      return d.attempts.length === 2 ? d : undefined;
    }, { what: 'the redelivery' });
    expect(detail.attempts.map((a) => a.status_code)).toEqual([200, 200]);
    const stats = await client.deliveryStats({ minutes: 5 });
    expect(stats.backlog).toMatchObject({ pending: 0, dead_letters: 0 });

    // The feed is live (attempts may still be recorded): follow it up to the last event of a page read now.
    const all = await client.events({ limit: 1000 });
    const expected = all.slice(3).map((e) => e.sequence);
    const followed: number[] = [];
    for await (const event of client.followEvents({ after: all[2].sequence, pollMs: 20 })) {
      followed.push(event.sequence);
      if (event.sequence >= expected[expected.length - 1]) break;
    }
    expect(followed).toEqual(expected);
    // Aborting ends the iteration quietly, even while it waits for new events.
    const stop = new AbortController();
    const aborting = setTimeout(() => stop.abort(), 100);
    let seen = 0;
    for await (const event of client.followEvents({ after: Number.MAX_SAFE_INTEGER - 1, signal: stop.signal, pollMs: 20 })) seen += event.sequence;
    clearTimeout(aborting);
    expect([seen, stop.signal.aborted]).toEqual([0, true]);
    expect((await client.events({ type: 'JobCompleted' })).every((e) => e.type === 'JobCompleted')).toBe(true);
  });

  it('errors are typed: a class per kind of refusal, status, message, the field the service names, and the request id', async () => {
    const missing = (await client.getJob('job-nope').catch((error: unknown) => error)) as CallbackNotFoundError;
    expect([missing instanceof CallbackNotFoundError, missing instanceof CallbackApiError, missing.name, missing.statusCode]).toEqual([true, true, 'CallbackNotFoundError', 404]);
    const bad = (await client.createJob({ callback_url: 'not a url' }).catch((error: unknown) => error)) as CallbackApiError;
    expect([bad instanceof CallbackValidationError, bad.statusCode, bad.field]).toEqual([true, 400, 'callback_url']);
    expect(bad.message).toMatch(/^POST \/v1\/jobs: /);
    const unauthorised = (await new CallbackClient({ baseUrl, apiKey: 'wrong' }).listJobs().catch((error: unknown) => error)) as CallbackApiError;
    expect([unauthorised instanceof CallbackAuthenticationError, unauthorised.statusCode, unauthorised.field]).toEqual([true, 401, 'authorization']);
    const job = await client.createJob();
    await client.updateJob(job.id, { status: 'completed' });
    const conflict = (await client.updateJob(job.id, { status: 'failed' }).catch((error: unknown) => error)) as CallbackApiError;
    expect([conflict instanceof CallbackConflictError, conflict.statusCode]).toEqual([true, 409]);
    // The request id is the one the client sent and the service answered with: the same id is in the service's log.
    for (const error of [missing, bad, unauthorised, conflict]) expect(error.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set([missing, bad, unauthorised, conflict].map((error) => error.requestId)).size).toBe(4);
  });

  it('the request id comes from the answer (a proxy may set its own); 429 and 503 are their own classes', async () => {
    const seen: (string | undefined)[] = [];
    const proxy = createServer((req, res) => {
      seen.push(req.headers['x-request-id'] as string | undefined);
      const status = req.url === '/v1/jobs' ? 429 : 503;
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `proxy-${seen.length}`, 'retry-after': '7' }).end(`{"statusCode":${status},"message":"slow down"}`);
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const proxied = new CallbackClient({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, retries: 0 });
      const limited = (await proxied.listJobs().catch((error: unknown) => error)) as CallbackApiError;
      expect([limited instanceof CallbackRateLimitedError, limited.statusCode, limited.retryAfterMs, limited.requestId]).toEqual([true, 429, 7000, 'proxy-1']);
      const unavailable = (await proxied.listRuns().catch((error: unknown) => error)) as CallbackApiError;
      expect([unavailable instanceof CallbackUnavailableError, unavailable.statusCode, unavailable.requestId]).toEqual([true, 503, 'proxy-2']);
      expect(seen).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    } finally {
      proxy.close();
    }
    const nowhere = new CallbackClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, retries: 0 });
    const refused = (await nowhere.getJob('x').catch((error: unknown) => error)) as CallbackNetworkError;
    expect([refused instanceof CallbackNetworkError, refused.message, refused.requestId]).toEqual([true, 'GET /v1/jobs/{id}: fetch failed (ECONNREFUSED)', expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  });

  it('retries idempotent calls on 503 and network errors with backoff; an update (not idempotent) is never retried', async () => {
    const flaky = await flakyServer(2);
    try {
      const retrying = new CallbackClient({ baseUrl: flaky.url, retryDelayMs: 1 });
      expect(await retrying.listJobs()).toEqual({ data: [], has_more: false, next_cursor: null });
      expect(flaky.requests).toEqual(['GET /v1/jobs', 'GET /v1/jobs', 'GET /v1/jobs']);

      flaky.requests.length = 0;
      const completed = (await retrying.completeStep('step-x', { status: 'success' }).catch((error: unknown) => error)) as CallbackApiError;
      expect(completed.statusCode).toBe(503);
      expect(flaky.requests).toEqual(['PATCH /v1/steps/step-x']);
    } finally {
      flaky.server.close();
    }
    const nowhere = new CallbackClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, retries: 2, retryDelayMs: 1 });
    const refused = await nowhere.getJob('x').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CallbackNetworkError);
  });

  it('retries a create whose answer was lost with the same Idempotency-Key: one job, and the client gets it', async () => {
    // Forwards every request to the service, but answers the first POST with a 503 after the service created the job.
    const keys: string[] = [];
    const lossy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', async () => {
        keys.push(String(req.headers['idempotency-key']));
        const headers = { authorization: String(req.headers.authorization), 'content-type': 'application/json', 'idempotency-key': String(req.headers['idempotency-key']) };
        const answer = await fetch(`${baseUrl}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
        const body = await answer.text();
        if (keys.length === 1) res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"statusCode":503,"message":"lost"}');
        else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(body);
      });
    });
    await new Promise<void>((done) => lossy.listen(0, '127.0.0.1', done));
    try {
      const retrying = new CallbackClient({ baseUrl: `http://127.0.0.1:${(lossy.address() as AddressInfo).port}`, apiKey: KEY, retryDelayMs: 1 });
      const job = await retrying.createJob({ metadata: { attempt: 'once' } });
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[1]).toBe(keys[0]);
      expect(await t.db.query(`SELECT id FROM jobs WHERE metadata = '{"attempt":"once"}'`)).toEqual([{ id: job.id }]);
    } finally {
      lossy.close();
    }
  });

  it('the README example (examples/client.mjs) runs against the service', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(process.execPath, ['examples/client.mjs'], { env: { ...process.env, CALLBACK_SERVICE_URL: baseUrl, API_KEY: KEY, CALLBACK_URL: receiver.url('/example') } }, (error, out, err) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
      ),
    );
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^job job-[0-9a-f-]+: completed at \S+\n  1\. JobCreated\n  2\. JobStarted\n  3\. JobMetadataChanged\n  4\. JobCompleted\nrefused as expected: 409 PATCH \/v1\/jobs\/\{id\}: /);
  });
});
