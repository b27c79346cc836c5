import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/**
 * Aggregates are replayed from their event streams: a read-model row edited behind the service's back changes no
 * decision. Two apps: `writer` wrote the entities (and may hold them in its cache), `fresh` never saw them, so it
 * can only replay the log.
 */
describe('the event log, not the read model, decides', () => {
  let writer: TestApp;
  let fresh: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    writer = await startTestApp();
    fresh = await startTestApp();
  });
  afterAll(async () => {
    await writer.close();
    await fresh.close();
  });
  beforeEach(async () => {
    await resetDatabase(writer.db);
    await receiver?.stop();
    receiver = await Receiver.start();
  });
  afterAll(() => receiver.stop());

  const eventTypes = async (id: string) =>
    (await writer.db.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY version`, [id])).map((row: { type: string }) => row.type);

  it.each([['replayed by a process that never saw it', () => fresh], ['on the process that wrote it', () => writer]])(
    'a job row edited to completed while the log says running is still completed by PATCH, %s',
    async (_, app) => {
      const job = (await request(writer.http).post('/v1/jobs').send({ callback_url: receiver.url(), metadata: { a: 1 } }).expect(201)).body;
      await request(writer.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running', metadata: { b: 2 } }).expect(200);
      await writer.db.query(`UPDATE jobs SET status = 'completed', completed_at = now(), metadata = '{}' WHERE id = $1`, [job.id]);

      const done = (await request(app().http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
      expect(done).toMatchObject({ status: 'completed', metadata: { a: 1, b: 2 } });
      expect(await eventTypes(job.id)).toEqual(['JobCreated', 'JobMetadataChanged', 'JobStarted', 'JobCompleted']);
      const [callback] = await eventually(() => receiver.requests.length === 1 && receiver.requests);
      expect(JSON.parse(callback.body)).toEqual({ job_id: job.id, status: 'completed', completed_at: done.completed_at, metadata: { a: 1, b: 2 } });
      const row = (await request(app().http).get(`/v1/jobs/${job.id}`).expect(200)).body;
      expect(row).toMatchObject({ status: 'completed', metadata: { a: 1, b: 2 }, completed_at: done.completed_at });
    },
  );

  it('a run row edited back to running while the log says failed is still refused as terminal', async () => {
    const run = (await request(writer.http).post('/v1/runs').send({ agent_id: 'agent-7' }).expect(201)).body;
    await request(writer.http).patch(`/v1/runs/${run.id}`).send({ status: 'failed' }).expect(200);
    await writer.db.query(`UPDATE runs SET status = 'running', completed_at = NULL WHERE id = $1`, [run.id]);
    const refused = await request(fresh.http).patch(`/v1/runs/${run.id}`).send({ status: 'completed' }).expect(409);
    expect(refused.body.message).toBe(`run ${run.id} is already failed; a terminal run cannot change`);
    const again = (await request(fresh.http).patch(`/v1/runs/${run.id}`).send({ status: 'failed' }).expect(200)).body;
    expect(again).toMatchObject({ status: 'failed', agent_id: 'agent-7' }); // the answer is the log's state too
  });

  it('a step row edited to success while the log says pending is still finished as asked', async () => {
    const run = (await request(writer.http).post('/v1/runs').send({}).expect(201)).body;
    const step = (await request(writer.http).post(`/v1/runs/${run.id}/steps`).send({ metadata: { n: 1 } }).expect(201)).body;
    await writer.db.query(`UPDATE steps SET status = 'success', completed_at = now() WHERE id = $1`, [step.id]);
    const failed = (await request(fresh.http).patch(`/v1/steps/${step.id}`).send({ status: 'failed', error: 'boom' }).expect(200)).body;
    expect(failed).toMatchObject({ status: 'failed', error: 'boom', metadata: { n: 1 } });
    expect(await eventTypes(step.id)).toEqual(['StepCreated', 'StepCompleted']);
  });

  it('a job whose row was deleted is found by its log, and its row is written again', async () => {
    const job = (await request(writer.http).post('/v1/jobs').send({ metadata: { kept: true } }).expect(201)).body;
    await writer.db.query(`DELETE FROM jobs WHERE id = $1`, [job.id]);
    const done = (await request(fresh.http).patch(`/v1/jobs/${job.id}`).send({ status: 'cancelled' }).expect(200)).body;
    expect(done).toMatchObject({ id: job.id, status: 'cancelled', metadata: { kept: true }, created_at: job.created_at });
    expect((await request(fresh.http).get(`/v1/jobs/${job.id}`).expect(200)).body).toEqual(done);
  });

  it('an id whose stream is of another kind is not found', async () => {
    const run = (await request(writer.http).post('/v1/runs').send({}).expect(201)).body;
    await request(fresh.http).patch(`/v1/jobs/${run.id}`).send({ status: 'completed' }).expect(404);
  });
});
