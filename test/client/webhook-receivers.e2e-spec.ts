import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Module, Post, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { expressWebhookHandler, MemoryDeduplicationStore, nestWebhookHandler, registerFastifyWebhook, type VerifiedWebhook } from 'callback-integration-client';
import express from 'express';
import Fastify from 'fastify';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { eventually } from '../support/poll';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'whsec_cmVjZWl2ZXItaGVscGVycy10ZXN0LXNlY3JldA==';

type Handled = VerifiedWebhook<{ job_id: string; status: string; completed_at: string; metadata: Record<string, unknown> }>;

interface RunningReceiver {
  url: string;
  handled: Handled[];
  stop(): Promise<void>;
}

async function expressReceiver(): Promise<RunningReceiver> {
  const handled: Handled[] = [];
  const app = express();
  app.post('/hooks', express.raw({ type: 'application/json' }), expressWebhookHandler({ secret: SECRET, onWebhook: (w: Handled) => void handled.push(w) }));
  const server: Server = await new Promise((done) => {
    const listening = app.listen(0, '127.0.0.1', () => done(listening));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, handled, stop: () => new Promise((done) => server.close(() => done())) };
}

async function fastifyReceiver(): Promise<RunningReceiver> {
  const handled: Handled[] = [];
  const app = Fastify();
  registerFastifyWebhook(app as never, '/hooks', { secret: SECRET, deduplication: new MemoryDeduplicationStore(), onWebhook: (w: Handled) => void handled.push(w) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/hooks`, handled, stop: () => app.close() };
}

async function nestReceiver(): Promise<RunningReceiver> {
  const handled: Handled[] = [];
  const webhooks = nestWebhookHandler({ secret: SECRET, onWebhook: (w: Handled) => void handled.push(w) });
  @Controller('hooks')
  class HooksController {
    @Post()
    receive(@Req() req: never, @Res() res: never) {
      return webhooks.handle(req, res);
    }
  }
  @Module({ controllers: [HooksController] })
  class ReceiverModule {}
  const app = await NestFactory.create(ReceiverModule, { rawBody: true, logger: false });
  await app.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/hooks`, handled, stop: () => app.close() };
}

describe('receiver helpers for Express, Fastify and Nest, fed by the real service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_SIGNING_SECRET: SECRET });
    await resetDatabase(t.db);
  });
  afterAll(() => t.close());

  it.each([
    ['Express', expressReceiver],
    ['Fastify', fastifyReceiver],
    ['Nest', nestReceiver],
  ])('%s: verifies the signature, hands each webhook-id to the handler once (a redelivery is acknowledged), refuses a forgery', async (_name, start) => {
    const receiver = await start();
    try {
      const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url, metadata: { n: 1 } }).expect(201)).body;
      const done = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
      await eventually(() => receiver.handled.length === 1, { what: 'the callback handled' });
      const [delivery] = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;
      expect(receiver.handled[0]).toEqual({
        id: delivery.id,
        timestamp: expect.any(Date),
        payload: { job_id: job.id, status: 'completed', completed_at: done.completed_at, metadata: { n: 1 } },
      });

      await request(t.http).post(`/v1/deliveries/${delivery.id}/redeliver`).expect(202);
      const redelivered = await eventually(async () => {
        const detail = (await request(t.http).get(`/v1/deliveries/${delivery.id}`).expect(200)).body;
        return detail.attempts.length === 2 ? detail : undefined;
      }, { what: 'the redelivery recorded' });
      expect(redelivered.attempts.map((a: { status_code: number; response_body: string }) => [a.status_code, JSON.parse(a.response_body)])).toEqual([
        [200, { ok: true }],
        [200, { ok: true, duplicate: true }],
      ]);
      expect(receiver.handled).toHaveLength(1);

      const forged = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': delivery.id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' },
        body: JSON.stringify({ job_id: job.id, status: 'failed' }),
      });
      expect(forged.status).toBe(401);
      expect(receiver.handled).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });
});
