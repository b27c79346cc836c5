import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { StreamingReplica } from '../support/streaming-replica';
import { startTestApp, type TestApp } from '../support/test-app';

type Job = { id: string; status: string; completed_at: string | null; metadata: Record<string, unknown> };

/**
 * DATABASE_READ_URL against a real streaming standby (pg_basebackup -R of a primary this file starts): the GETs of
 * lists and details answer what the standby has replayed, while commands, the deliveries they schedule and the
 * event feed work on the primary. Pausing replay freezes the standby's view, so "not there yet" needs no waiting.
 */
describe('read replica routing (DATABASE_READ_URL)', () => {
  let replica: StreamingReplica;
  let receiver: Receiver;
  let t: TestApp;
  const env = () => ({ DATABASE_URL: replica.primaryUrl, DATABASE_READ_URL: replica.standbyUrl });

  beforeAll(async () => {
    receiver = await Receiver.start();
    replica = await StreamingReplica.start();
    t = await startTestApp(env());
    await replica.caughtUp(); // the migrations the app ran on the primary, replayed
  }, 120_000);

  // A test that failed half-way must not leave the next one a frozen standby.
  afterEach(() => replica?.resumeReplay().catch(() => undefined));

  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
    await replica?.destroy();
  });

  const listedJobs = async (app: TestApp = t): Promise<Job[]> => (await request(app.http).get('/v1/jobs?limit=1000').expect(200)).body.data;
  const createJob = async (metadata: Record<string, unknown>): Promise<Job> =>
    (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url('/jobs'), metadata }).expect(201)).body;
  /** The callback's exact bytes: its fields in the documented order, completed_at as the completion answered it. */
  const callbackBody = (job: Job) => JSON.stringify({ job_id: job.id, status: 'completed', completed_at: job.completed_at, metadata: job.metadata });

  it('readiness reports the replica: reachable, a standby, its replay lag', async () => {
    const { body } = await request(t.http).get('/health/ready').expect(200);
    expect(body.details.read_replica).toEqual({ status: 'up', reachable: true, standby: true, replay_lag_seconds: expect.any(Number) });
  });

  it('lists and details answer from the replica, while the command completing the job decides on the primary', async () => {
    await replica.pauseReplay();
    const job = await createJob({ pipeline: 'replica' });
    expect(await replica.query(replica.primaryUrl, 'SELECT status FROM jobs WHERE id = $1', [job.id])).toEqual([{ status: 'created' }]);

    // The replica's view stops before the job: the list and the detail do not know it; the feed (primary) does.
    expect((await listedJobs()).map((listed) => listed.id)).not.toContain(job.id);
    await request(t.http).get(`/v1/jobs/${job.id}`).expect(404);
    const feed = (await request(t.http).get('/v1/events?limit=1000').expect(200)).body;
    expect(feed).toContainEqual(expect.objectContaining({ type: 'JobCreated', stream_id: job.id }));

    // Completing it loads its stream on the primary (the replica has never heard of it) and sends the callback.
    const done: Job = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
    expect(done).toMatchObject({ id: job.id, status: 'completed', completed_at: expect.any(String) });
    const received = await eventually(() => receiver.requests.find((r) => r.path === '/jobs' && r.body.includes(job.id)), { what: 'the callback' });
    expect(received.body).toBe(callbackBody(done));
    expect(received.headers['webhook-id']).toMatch(/^dlv-[0-9a-f-]{36}$/);

    // Still paused: its deliveries (the subject is checked on the log, the rows read on the replica) are none yet.
    expect((await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data).toEqual([]);

    await replica.resumeReplay();
    const shown = await eventually(async () => (await listedJobs()).find((listed) => listed.id === job.id && listed.status === 'completed'), {
      what: 'the replica to list the completed job',
    });
    expect(shown.completed_at).toBe(done.completed_at);
    await eventually(async () => (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data[0]?.status === 'succeeded', {
      what: 'the replica to show the delivery succeeded',
    });
    expect(receiver.requests.filter((r) => r.body.includes(job.id))).toHaveLength(1);
  });

  it('a redelivery and a cancelled operation answer from the primary while replay is paused', async () => {
    const job = await createJob({ pipeline: 'redelivered' });
    const done: Job = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
    const first = await eventually(() => receiver.requests.find((r) => r.body.includes(job.id)), { what: 'the first callback' });
    await replica.caughtUp();
    const [delivery] = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;

    await replica.pauseReplay();
    const redelivered = (await request(t.http).post(`/v1/deliveries/${delivery.id}/redeliver`).expect(202)).body;
    expect(redelivered.id).toBe(delivery.id);
    const again = await eventually(() => receiver.requests.filter((r) => r.body.includes(job.id))[1], { what: 'the redelivery' });
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(again.body).toBe(callbackBody(done));

    const { operation_id } = (await request(t.http).post('/v1/deliveries/redeliver').send({ subject_id: 'job-none' }).expect(202)).body;
    await request(t.http).get(`/v1/operations/${operation_id}`).expect(404); // the replica has not replayed it
    // Decided and answered on the primary: a cancel (or, when the runner finished it first, a 409), never the 404 of
    // the replica's view.
    const cancel = await request(t.http).post(`/v1/operations/${operation_id}/cancel`);
    if (cancel.status === 200) expect(cancel.body).toMatchObject({ id: operation_id, state: 'cancelled' });
    else expect(cancel.body).toMatchObject({ statusCode: 409, field: 'status' });
    await replica.resumeReplay();
  });

  it('a replica that is down answers reads 503 and stops no command, at start-up too; reads return with it', async () => {
    await replica.stopStandby();
    const down = await request(t.http).get('/v1/jobs').expect(503);
    expect(down.headers['retry-after']).toBe('1');
    const ready = (await request(t.http).get('/health/ready').expect(200)).body;
    expect(ready.details.read_replica).toMatchObject({ status: 'up', reachable: false, message: expect.any(String) });

    const job = await createJob({ pipeline: 'replica-down' });
    const done: Job = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
    const received = await eventually(() => receiver.requests.find((r) => r.body.includes(job.id)), { what: 'the callback with the replica down' });
    expect(received.body).toBe(callbackBody(done));
    await request(t.http).get('/v1/events?limit=1').expect(200);

    // A process that starts while the replica is down starts, and serves commands.
    const late = await startTestApp(env());
    try {
      await request(late.http).get('/v1/jobs').expect(503);
      await request(late.http).post('/v1/jobs').send({}).expect(201);

      await replica.startStandby();
      for (const app of [t, late]) {
        await eventually(async () => (await request(app.http).get('/v1/jobs?limit=1000')).body.data?.some((listed: Job) => listed.id === job.id), {
          timeoutMs: 30_000,
          what: 'reads to come back with the replica',
        });
      }
    } finally {
      await late.close();
    }
  });
});
