import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('private-network guard on callback URLs', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'false' });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('refuses a literal private address at creation with a 400 that names the setting allowing it', async () => {
    const refused = await request(t.http).post('/v1/jobs').send({ callback_url: `http://127.0.0.1:${receiver.port}/hook` }).expect(400);
    expect(refused.body).toMatchObject({
      field: 'callback_url',
      message: 'callback_url points to a private, loopback or link-local address (127.0.0.1); set CALLBACK_ALLOW_PRIVATE_NETWORKS=true to allow private destinations',
    });
  });

  it('refuses a hostname that resolves to 127.0.0.1 after DNS, and sends nothing', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: `http://localhost:${receiver.port}/hook` }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    const row = await eventually(async () => {
      const current = (await request(t.http).get(`/v1/jobs/${job.id}`)).body;
      return current.callback_error && current;
    });
    expect(row).toMatchObject({ status: 'completed', callback_status_code: null, callback_error: 'blocked destination (a private, loopback or link-local address): set CALLBACK_ALLOW_PRIVATE_NETWORKS=true to allow private destinations' });
    const [delivery] = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`)).body.data;
    expect(delivery).toMatchObject({ status: 'dead_lettered', next_attempt_at: null, attempt_count: 1 });
    expect(receiver.requests).toHaveLength(0);
  });

  it.each(['[::127.0.0.1]', '[::ffff:0:127.0.0.1]', '[2002:7f00:1::1]', '[2001:0:808:808::80ff:fffe]'])(
    'refuses %s at send time too (an URL stored while the guard was off, completed where it is on)',
    async (host) => {
      const permissive = await startTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true' });
      try {
        const url = `http://${host}:${receiver.port}/hook`;
        const job = (await request(permissive.http).post('/v1/jobs').send({ callback_url: url }).expect(201)).body;
        await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
        const row = await eventually(async () => {
          const current = (await request(t.http).get(`/v1/jobs/${job.id}`)).body;
          return current.callback_error && current;
        });
        expect(row).toMatchObject({ status: 'completed', callback_status_code: null, callback_error: 'blocked destination (a private, loopback or link-local address): set CALLBACK_ALLOW_PRIVATE_NETWORKS=true to allow private destinations' });
        expect(receiver.requests).toHaveLength(0);
      } finally {
        await permissive.close();
      }
    },
  );
});
