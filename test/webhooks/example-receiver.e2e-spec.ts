import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { eventually } from '../support/poll';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

const SECRET = `whsec_${Buffer.from('the README example secret 32 b..').toString('base64')}`;

describe("the README's example receiver (examples/receiver.mjs)", () => {
  let t: TestApp;
  let receiver: ChildProcess;
  let output = '';
  beforeAll(async () => {
    receiver = spawn(process.execPath, [resolve('examples/receiver.mjs')], {
      env: { ...process.env, NODE_OPTIONS: '', WEBHOOK_SIGNING_SECRET: SECRET, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    t = await startTestApp({ WEBHOOK_SIGNING_SECRET: SECRET });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    receiver.kill();
    await t.close();
  });

  it('verifies a real delivery and prints it once, even when redelivered', async () => {
    const port = Number(await eventually(() => /listening on (\d+)/.exec(output)?.[1]));
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: `http://127.0.0.1:${port}/` }).expect(201)).body;
    const done = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
    const [delivery] = await eventually(async () => {
      const list = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`)).body.data;
      return list[0]?.status === 'succeeded' && list;
    });
    expect(delivery.last_status_code).toBe(204);
    await request(t.http).post(`/v1/deliveries/${delivery.id}/redeliver`).expect(202);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${delivery.id}`)).body.attempts.length === 2);
    const printed = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(printed).toEqual([{ webhook_id: delivery.id, job_id: job.id, status: 'completed', completed_at: done.completed_at, metadata: {} }]);
  });
});
