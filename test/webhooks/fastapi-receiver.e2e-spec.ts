import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import request from 'supertest';
import { eventually } from '../support/poll';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

// Listed only where a python3 with FastAPI and uvicorn was found (test/support/receiver-python.mjs): the runner
// says which way it went. Run by hand without one, this fails here rather than passing without a test.
const PYTHON = process.env.RECEIVER_PYTHON;
const SECRET_BYTES = Buffer.from('the README example secret 32 b..');
const SECRET = `whsec_${SECRET_BYTES.toString('base64')}`;
const STEP_KEY = 'step-key-for-the-python-receiver';

describe('the FastAPI receiver example (examples/fastapi-receiver/receiver.py)', () => {
  let t: TestApp;
  let receiver: ChildProcess;
  let output = '';
  let port: number;
  const printed = () => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));

  const sign = (secret: Buffer, id: string, timestamp: number, body: string) => `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  const headers = (id: string, timestamp: number, signature: string) => ({ 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature });
  const post = (sent: Record<string, string>, body: string) =>
    fetch(`http://127.0.0.1:${port}/hooks`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close', ...sent }, body }).then((answer) => answer.status);

  let markers = 0;
  /**
   * What the receiver printed so far, markers left out. Its output comes through a pipe, so a line may still be on
   * its way when the answer is: a signed marker is posted and awaited, and every line printed before it is in.
   */
  async function printedSoFar(): Promise<Record<string, unknown>[]> {
    const id = `marker-${++markers}`;
    const body = JSON.stringify({ marker: markers });
    const now = Math.floor(Date.now() / 1000);
    expect(await post(headers(id, now, sign(SECRET_BYTES, id, now, body)), body)).toBe(204);
    const before = await eventually(() => {
      const lines = printed();
      const at = lines.findIndex((line) => line.webhook_id === id);
      return at >= 0 && lines.slice(0, at);
    }, { what: `the receiver to print ${id}` });
    return before.filter((line) => !String(line.webhook_id).startsWith('marker-'));
  }

  beforeAll(async () => {
    if (!PYTHON) throw new Error('RECEIVER_PYTHON names no python3 with fastapi and uvicorn: run this file through scripts/run-test-tiers.mjs, or install python3-fastapi python3-uvicorn');
    receiver = spawn(PYTHON, [resolve('examples/fastapi-receiver/receiver.py')], {
      env: { PATH: process.env.PATH, WEBHOOK_SIGNING_SECRET: SECRET, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    port = Number(await eventually(() => /listening on (\d+)/.exec(output)?.[1], { timeoutMs: 20_000, what: 'the receiver to listen' }));
    t = await startTestApp({ WEBHOOK_SIGNING_SECRET: SECRET, STEP_COMPLETE_WEBHOOK: `http://127.0.0.1:${port}/steps`, STEP_COMPLETE_KEY: STEP_KEY });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    const exited = receiver && receiver.exitCode === null ? once(receiver, 'exit') : undefined;
    receiver?.kill();
    await exited;
    await t?.close();
  });

  const succeeded = (path: string) =>
    eventually(async () => {
      const list = (await request(t.http).get(path)).body.data;
      return list[0]?.status === 'succeeded' && list[0];
    }, { what: `a delivery at ${path}` });

  it('verifies a real job callback and prints it once, even when redelivered (a new timestamp and signature, the same webhook-id)', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: `http://127.0.0.1:${port}/hooks`, metadata: { pipeline: 'nightly' } }).expect(201)).body;
    const done = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
    const delivery = await succeeded(`/v1/jobs/${job.id}/deliveries`);
    expect(delivery.last_status_code).toBe(204);
    await request(t.http).post(`/v1/deliveries/${delivery.id}/redeliver`).expect(202);
    const attempts = await eventually(async () => {
      const detail = (await request(t.http).get(`/v1/deliveries/${delivery.id}`)).body;
      return detail.attempts.length === 2 && detail.attempts;
    }, { what: 'the redelivery' });
    expect(attempts.map((attempt: { status_code: number }) => attempt.status_code)).toEqual([204, 204]);
    expect(await printedSoFar()).toEqual([{ webhook_id: delivery.id, job_id: job.id, status: 'completed', completed_at: done.completed_at, metadata: { pipeline: 'nightly' } }]);
  });

  it('verifies a signed step webhook and prints its step id', async () => {
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    const step = (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success', metrics: { duration_ms: 12 } }).expect(200);
    const delivery = await succeeded(`/v1/steps/${step.id}/deliveries`);
    expect(delivery.last_status_code).toBe(204);
    expect((await printedSoFar()).at(-1)).toEqual({ webhook_id: delivery.id, step_id: step.id });
  });

  it('answers 401 to what the service did not sign — a wrong secret, a changed body, a stale timestamp, a missing header — and prints none of it', async () => {
    const before = await printedSoFar();
    const body = JSON.stringify({ job_id: 'job-forged', status: 'completed' });
    const now = Math.floor(Date.now() / 1000);

    expect(await post(headers('msg-1', now, sign(Buffer.from('another secret, 32 bytes long...'), 'msg-1', now, body)), body)).toBe(401);
    expect(await post(headers('msg-2', now, sign(SECRET_BYTES, 'msg-2', now, body)), body.replace('completed', 'failed'))).toBe(401);
    // 5 minutes of tolerance either way; 10 s of margin, since the two processes read their clocks apart.
    expect(await post(headers('msg-3', now - 310, sign(SECRET_BYTES, 'msg-3', now - 310, body)), body)).toBe(401);
    expect(await post(headers('msg-4', now + 310, sign(SECRET_BYTES, 'msg-4', now + 310, body)), body)).toBe(401);
    expect(await post({ 'webhook-id': 'msg-5', 'webhook-timestamp': String(now) }, body)).toBe(401);
    expect(await printedSoFar()).toEqual(before);

    // The same request, signed as the specification says (one of several signatures may match), is taken.
    expect(await post(headers('msg-6', now - 290, `v1,bm90IHRoaXMgb25l ${sign(SECRET_BYTES, 'msg-6', now - 290, body)}`), body)).toBe(204);
    expect(await printedSoFar()).toEqual([...before, { webhook_id: 'msg-6', job_id: 'job-forged', status: 'completed' }]);
  });
});
