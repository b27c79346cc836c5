import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { JOB_DECIDER } from '../../src/jobs/domain/job-decider';
import type { Decider } from '../../src/platform/domain/decider';
import type { RecordedEvent } from '../../src/platform/domain/recorded-event';
import { RUN_DECIDER } from '../../src/runs/domain/run-decider';
import { STEP_DECIDER } from '../../src/steps/domain/step-decider';
import { type CompletedSubject, deliveryForCompletion } from '../../src/webhooks/outbox/completion-delivery';
import { deliveriesAtRest } from '../support/deliveries-at-rest';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const DECIDERS: Record<string, Decider<unknown, unknown>> = { job: JOB_DECIDER, run: RUN_DECIDER, step: STEP_DECIDER } as never;

describe('what is scheduled is reproducible from the log', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ STEP_COMPLETE_WEBHOOK: receiver.url('/steps') });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const send = async (method: 'post' | 'patch', path: string, body: object = {}) => (await request(t.http)[method](path).send(body).expect(method === 'post' && !path.endsWith('/cancel') ? 201 : 200)).body;

  it('every DeliveryScheduled equals the mapping of its completion and the fold of its subject\'s stream before it', async () => {
    // Keys in an order jsonb does not keep: the payload must not depend on whether the state was cached or replayed.
    const job = await send('post', '/v1/jobs', { callback_url: receiver.url('/jobs'), metadata: { zeta: 0, a: 1, nested: { y: 1, x: [1, 2] } } });
    await send('patch', `/v1/jobs/${job.id}`, { status: 'running', metadata: { b: 2 } });
    await send('patch', `/v1/jobs/${job.id}`, { metadata: { a: 3 } });
    await send('patch', `/v1/jobs/${job.id}`, { status: 'failed', metadata: { reason: 'oom' } });
    const run = await send('post', '/v1/runs', { agent_id: 'agent-1', callback_url: receiver.url('/runs'), metadata: { run: true } });
    const steps = [await send('post', `/v1/runs/${run.id}/steps`), await send('post', `/v1/runs/${run.id}/steps`)];
    await send('patch', `/v1/steps/${steps[0].id}`, { status: 'success' });
    await send('post', `/v1/runs/${run.id}/cancel`); // cancels the second step with it
    await deliveriesAtRest(t.db);

    const scheduled: RecordedEvent[] = await t.db.query(
      `SELECT stream_id AS "streamId", version, type, data, occurred_at AS "occurredAt" FROM events WHERE type = 'DeliveryScheduled' ORDER BY sequence`,
    );
    expect(scheduled.map((event) => event.data.subject_id).sort()).toEqual([job.id, run.id, ...steps.map((step) => step.id)].sort());
    for (const event of scheduled) {
      const { kind, subject_id: subjectId } = event.data;
      const stream: (RecordedEvent & { sequence: string })[] = await t.db.query(
        `SELECT stream_id AS "streamId", version, type, data, occurred_at AS "occurredAt", sequence FROM events WHERE stream_id = $1 ORDER BY version`,
        [subjectId],
      );
      const completion = stream.find((candidate) => candidate.type.endsWith('Completed'))!;
      const subject = stream.filter((candidate) => candidate.version <= completion.version).reduce((state, next) => DECIDERS[kind].evolve(state, next), undefined as unknown);
      const derived = deliveryForCompletion(completion, subject as CompletedSubject, receiver.url('/steps'))!;
      expect({ kind, subject_id: subjectId, url: event.data.url, destination_host: event.data.destination_host, payload: event.data.payload, subject_completed_at: event.data.subject_completed_at }).toEqual({
        kind: derived.kind, subject_id: derived.subjectId, url: derived.url, destination_host: derived.destinationHost, payload: derived.payload,
        subject_completed_at: derived.completedAt.toISOString(),
      });
    }
    const jobPayload = JSON.parse(scheduled.find((event) => event.data.subject_id === job.id)!.data.payload);
    expect(jobPayload.metadata).toEqual({ zeta: 0, a: 3, nested: { y: 1, x: [1, 2] }, b: 2, reason: 'oom' });
  });
});
