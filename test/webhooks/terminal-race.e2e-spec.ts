import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { deliveriesAtRest } from '../support/deliveries-at-rest';
import { eventually } from '../support/poll';
import { Receiver, type ReceivedRequest } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

const ENV = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_SCHEDULE: '100ms,200ms',
  DISPATCHER_POLL_INTERVAL_MS: '50',
};

/**
 * Several terminal PATCHes of one job at once: one wins. The receiver must hear of that job under the webhook-id
 * of the delivery row that committed only, with the stored status and completed_at — never the status of a
 * request that was refused — once, or once more per failed attempt.
 */
async function raceRounds(db: DataSource, urls: string[], receiver: Receiver, jobs: number, statuses: string[]): Promise<void> {
  const created: string[] = [];
  for (let i = 0; i < jobs; i++) {
    const job = await request(urls[i % urls.length]).post('/v1/jobs').send({ callback_url: receiver.url() }).expect(201);
    created.push(job.body.id);
  }
  const answers = new Map<string, { status: string; code: number }[]>();
  await Promise.all(
    created.map(async (id, i) => {
      const results = await Promise.all(
        statuses.map((status, k) => request(urls[(i + k) % urls.length]).patch(`/v1/jobs/${id}`).send({ status })),
      );
      answers.set(id, results.map((answer, k) => ({ status: statuses[k], code: answer.status })));
    }),
  );

  await eventually(
    async () => (await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'`))[0].n === jobs,
    { what: 'every delivery to succeed', timeoutMs: 30_000 },
  );
  // Nothing more may arrive once no delivery is planned, leased or in flight in any process.
  await deliveriesAtRest(db, { serviceUrls: urls });

  const rows: { id: string; status: string; completed_at: Date; delivery_id: string }[] = await db.query(
    `SELECT j.id, j.status, j.completed_at, d.id AS delivery_id FROM jobs j JOIN deliveries d ON d.subject_id = j.id`,
  );
  expect(rows).toHaveLength(jobs);
  const committedIds = new Set(rows.map((row) => row.delivery_id));
  const strays = receiver.requests.filter((r) => !committedIds.has(String(r.headers['webhook-id']))).map((r) => r.body);
  expect(strays).toEqual([]); // sent under a webhook-id whose row never committed
  // One request per job, unless an attempt failed (at load 11 in CI a few timed out: the receiver lives in this busy
  // worker) and its retry went out again under the same webhook-id: every request is an attempt the log recorded.
  const [{ attempts, retried }] = await db.query(
    `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE outcome = 'retrying')::int AS retried FROM delivery_attempts`,
  );
  expect({ requests: receiver.requests.length, attempts }).toEqual({ requests: jobs + retried, attempts: jobs + retried });
  const received = new Map<string, ReceivedRequest[]>();
  for (const r of receiver.requests) received.set(JSON.parse(r.body).job_id, [...(received.get(JSON.parse(r.body).job_id) ?? []), r]);
  expect(received.size).toBe(jobs);
  for (const row of rows) {
    for (const request of received.get(row.id)!) {
      expect(request.headers['webhook-id']).toBe(row.delivery_id);
      expect(JSON.parse(request.body)).toEqual({
        job_id: row.id,
        status: row.status,
        completed_at: row.completed_at.toISOString(),
        metadata: {},
      });
    }
    // the winner got 200, every other terminal status a 409
    for (const answer of answers.get(row.id)!) expect(answer.code).toBe(answer.status === row.status ? 200 : 409);
  }
}

describe('terminal races: a callback carries only the status that committed', () => {
  let db: DataSource;
  let receiver: Receiver;
  const services: ServiceProcess[] = [];
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    services.push(...(await Promise.all([startService(ENV), startService(ENV)])));
  }, 60_000);
  afterAll(async () => {
    for (const service of services) service.child.kill('SIGTERM');
    await Promise.all(services.map((service) => service.exited));
    await db.destroy();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    await receiver?.stop();
    receiver = await Receiver.start();
  });

  it('one process, 3-way races (completed, failed, cancelled) over 150 jobs', async () => {
    await raceRounds(db, [services[0].url], receiver, 150, ['completed', 'failed', 'cancelled']);
  });

  it('one process, 4-way races (completed, failed, cancelled, expired) over 150 jobs', async () => {
    await raceRounds(db, [services[0].url], receiver, 150, ['completed', 'failed', 'cancelled', 'expired']);
  });

  it('two processes, 3-way and 4-way races split across them', async () => {
    const both = services.map((service) => service.url);
    await raceRounds(db, both, receiver, 100, ['completed', 'failed', 'cancelled']);
    await resetDatabase(db);
    receiver.requests.length = 0;
    await raceRounds(db, both, receiver, 100, ['completed', 'failed', 'cancelled', 'expired']);
  });

  afterAll(() => receiver?.stop());
});
