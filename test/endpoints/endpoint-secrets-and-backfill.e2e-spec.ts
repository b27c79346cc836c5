import { describe, expect, it } from '@jest/globals';
import { verifyWebhook, type EndpointEnvelope } from 'callback-integration-client';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { eventually } from '../support/poll';
import type { ReceivedRequest } from '../support/receiver';
import { completeJob, createEndpoint, endpointTestSuite, fanOutAtRest, verified } from './endpoint-helpers';

/** Seconds a rotated-out secret keeps signing in this app: long enough to observe, short enough to wait out. */
const OVERLAP_MS = 1500;

describe('endpoint secrets and backfill', () => {
  const suite = endpointTestSuite({ ENDPOINT_SECRET_OVERLAP: `${OVERLAP_MS}ms` });
  const receiver = () => suite.receiver();

  it('rotation: both secrets verify during the overlap, only the new one after it', async () => {
    const target = await receiver();
    const endpoint = await createEndpoint(suite.t, { url: target.url('/rot') });
    const oldSecret = endpoint.secret;
    await completeJob(suite.t, 'completed');
    await eventually(() => target.requests.length === 1);
    expect(String(target.requests[0].headers['webhook-signature']).split(' ')).toHaveLength(1);

    const given = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const rotation = (await request(suite.t.http).post(`/v1/endpoints/${endpoint.id}/secret/rotate`).send({ secret: given }).expect(200)).body;
    expect(Object.keys(rotation).sort()).toEqual(['previous_secret_expires_at', 'rotated_at']);
    expect(Date.parse(rotation.previous_secret_expires_at) - Date.parse(rotation.rotated_at)).toBe(OVERLAP_MS);
    expect((await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/secret`).expect(200)).body).toEqual({ secret: given });
    expect((await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body).toMatchObject({
      secret_rotated_at: rotation.rotated_at, previous_secret_expires_at: rotation.previous_secret_expires_at,
    });

    const during = await completeJob(suite.t, 'failed');
    const [duringRequest] = await eventually(() => target.requests.length === 2 && [target.requests[1]]);
    expect(String(duringRequest.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verified({ secret: oldSecret }, duringRequest)).toMatchObject({ type: 'job.failed', data: { job_id: during.id } });
    expect(verified({ secret: given }, duringRequest)).toMatchObject({ type: 'job.failed', data: { job_id: during.id } });
    // The client's receiver helper accepts it with either secret too.
    for (const secret of [oldSecret, given]) {
      const webhook = verifyWebhook<EndpointEnvelope<'job.failed'>>(secret, duringRequest.body, duringRequest.headers);
      expect([webhook.id, webhook.payload.type, webhook.payload.data.job_id]).toEqual([duringRequest.headers['webhook-id'], 'job.failed', during.id]);
    }

    await eventually(() => Date.now() > Date.parse(rotation.previous_secret_expires_at) + 1100, { what: 'the overlap (and the signing cache) to pass' });
    const after = await completeJob(suite.t, 'cancelled');
    const [afterRequest] = await eventually(() => target.requests.length === 3 && [target.requests[2]]);
    expect(String(afterRequest.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verified({ secret: given }, afterRequest)).toMatchObject({ type: 'job.cancelled', data: { job_id: after.id } });
    expect(() => verified({ secret: oldSecret }, afterRequest)).toThrow();
  });

  it('a generated rotation reveals a new secret; the secrets never reach the feed or an endpoint answer', async () => {
    const endpoint = await createEndpoint(suite.t, { url: 'http://127.0.0.1:9/never' });
    await request(suite.t.http).post(`/v1/endpoints/${endpoint.id}/secret/rotate`).send({}).expect(200);
    const { secret } = (await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/secret`).expect(200)).body;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(endpoint.secret);
    const answers = JSON.stringify([
      (await request(suite.t.http).get('/v1/events?after=0&limit=1000').expect(200)).body,
      (await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body,
      (await request(suite.t.http).get('/v1/endpoints').expect(200)).body,
    ]);
    for (const value of [secret, endpoint.secret]) expect(answers).not.toContain(value.slice('whsec_'.length));
    // The feed reaches the rotation once its horizon does (it may answer from one up to 50 ms old).
    const types = await eventually(async () => {
      const events: { stream_id: string; type: string }[] = (await request(suite.t.http).get('/v1/events?after=0&limit=1000').expect(200)).body;
      const ofEndpoint = events.filter((event) => event.stream_id === endpoint.id).map((event) => event.type);
      return ofEndpoint.length === 2 && ofEndpoint;
    });
    expect(types).toEqual(['EndpointCreated', 'EndpointSecretRotated']);
  });

  it('backfill: from sequence 0 every matching completion in the log, from a time the ones since, absent none of the past', async () => {
    const early = [await completeJob(suite.t, 'completed'), await completeJob(suite.t, 'failed')];
    await eventually(async () => Date.now() > Date.parse(early[1].completed_at) + 5);
    const since = new Date().toISOString();
    const late = [await completeJob(suite.t, 'completed'), await completeJob(suite.t, 'completed')];
    const [fromZero, fromTime, fromNow, failedFromZero] = [await receiver(), await receiver(), await receiver(), await receiver()];
    const a = await createEndpoint(suite.t, { url: fromZero.url('/zero'), since: 0, event_types: ['job.*'] });
    const b = await createEndpoint(suite.t, { url: fromTime.url('/time'), since, event_types: ['job.*'] });
    await createEndpoint(suite.t, { url: fromNow.url('/now') });
    const d = await createEndpoint(suite.t, { url: failedFromZero.url('/failed'), since: 0, event_types: ['job.failed'] });
    await fanOutAtRest(suite.t);
    const jobIds = (received: ReceivedRequest[], endpoint: { secret: string }) =>
      received.map((one) => (verified(endpoint, one).data as { job_id: string }).job_id).sort();
    // Every job completion in the log (earlier tests' too), in the order they committed.
    const completed: { id: string }[] = await suite.t.db.query(`SELECT stream_id AS id FROM events WHERE type = 'JobCompleted' ORDER BY sequence`);
    expect(completed.map((job) => job.id).slice(-4)).toEqual([...early, ...late].map((job) => job.id));
    expect(jobIds(fromZero.requests, a)).toEqual(completed.map((job) => job.id).sort());
    expect(jobIds(fromTime.requests, b)).toEqual(late.map((job) => job.id).sort());
    expect(fromNow.requests).toEqual([]);
    const failed: { id: string }[] = await suite.t.db.query(`SELECT stream_id AS id FROM events WHERE type = 'JobCompleted' AND data->>'status' = 'failed' ORDER BY stream_id`);
    expect(jobIds(failedFromZero.requests, d)).toEqual(failed.map((job) => job.id));
    expect(failed.map((job) => job.id)).toContain(early[1].id);
    // Scheduled in commit order: the deliveries were created in the order their completions committed.
    const scheduled: { subject_id: string }[] = await suite.t.db.query(
      `SELECT d.subject_id FROM deliveries d JOIN events e ON e.stream_id = d.id AND e.version = 1 WHERE d.endpoint_id = $1 ORDER BY e.sequence`, [a.id]);
    expect(scheduled.map((row) => row.subject_id)).toEqual(completed.map((job) => job.id));
  });

  it('an idempotent create answers the first one and creates no second endpoint', async () => {
    const body = { url: 'http://127.0.0.1:9/once', event_types: ['run.*'] };
    const first = await request(suite.t.http).post('/v1/endpoints').set('Idempotency-Key', 'ep-key-1').send(body).expect(201);
    const again = await request(suite.t.http).post('/v1/endpoints').set('Idempotency-Key', 'ep-key-1').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const conflict = await request(suite.t.http).post('/v1/endpoints').set('Idempotency-Key', 'ep-key-1').send({ ...body, event_types: ['job.*'] }).expect(409);
    expect(conflict.body.field).toBe('idempotency-key');
    expect(await suite.t.db.query(`SELECT count(*)::int AS n FROM endpoint_secrets WHERE endpoint_id = $1`, [first.body.id])).toEqual([{ n: 1 }]);
  });

  it('signs with whatever Webhook accepts: the verify of a tampered body fails', async () => {
    const target = await receiver();
    const endpoint = await createEndpoint(suite.t, { url: target.url('/tamper'), event_types: ['job.completed'] });
    await completeJob(suite.t, 'completed');
    const [received] = await eventually(() => target.requests.length === 1 && target.requests);
    const headers = Object.fromEntries(Object.entries(received.headers).map(([name, value]) => [name, String(value)]));
    expect(() => new Webhook(endpoint.secret).verify(received.body.replace('completed', 'failed'), headers)).toThrow();
  });
});
