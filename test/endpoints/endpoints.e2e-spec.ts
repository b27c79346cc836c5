import { describe, expect, it } from '@jest/globals';
import { EVENT_TYPES } from 'callback-integration-client';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver, type ReceivedRequest } from '../support/receiver';
import { completeJob, createEndpoint, endpointDeliveries, endpointTestSuite, fanOutAtRest, heldThroughAClaimPoll, verified } from './endpoint-helpers';

/**
 * Endpoints over HTTP with real receivers: subscriptions, the Standard Webhooks envelope and signature (checked with
 * the official library), exactly once per endpoint × event, pause and resume, delete, and bad input. The database is
 * reset once (a reset restarts the feed's numbering under a running app): each test works with its own endpoints.
 */
/** The service's own secret: it signs callbacks, never an endpoint's deliveries. */
const CALLBACK_SECRET = `whsec_${Buffer.from('callback-secret-not-for-endpoints').toString('base64')}`;

describe('endpoints', () => {
  const suite = endpointTestSuite({ WEBHOOK_SIGNING_SECRET: CALLBACK_SECRET });
  const receiver = () => suite.receiver();

  it('creates an endpoint: 201 with its fields and no secret; the secret is revealed only on purpose', async () => {
    const target = await receiver();
    const response = await request(suite.t.http)
      .post('/v1/endpoints')
      .send({ url: target.url('/ep'), description: 'on-call', event_types: ['run.failed', 'job.*'], metadata: { team: 'ops' } })
      .expect(201);
    const endpoint = response.body;
    expect(Object.keys(endpoint).sort()).toEqual(
      ['created_at', 'description', 'disabled_cause', 'disabled_reason', 'enabled', 'event_types', 'id', 'metadata', 'previous_secret_expires_at', 'rate_limit', 'retry_schedule', 'secret_rotated_at', 'updated_at', 'url'],
    );
    expect(endpoint).toMatchObject({
      url: target.url('/ep'), description: 'on-call', event_types: ['run.failed', 'job.*'], enabled: true, disabled_reason: null, disabled_cause: null,
      metadata: { team: 'ops' }, secret_rotated_at: null,
    });
    expect(endpoint.id).toMatch(/^ep-[0-9a-f-]{36}$/);
    const { secret } = (await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/secret`).expect(200)).body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const answers = [
      (await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body,
      (await request(suite.t.http).get('/v1/endpoints').expect(200)).body,
      (await request(suite.t.http).get('/v1/events?after=0&limit=1000').expect(200)).body,
    ];
    expect(answers[0]).toEqual(endpoint);
    expect(answers[1].data.find((listed: { id: string }) => listed.id === endpoint.id)).toEqual(endpoint);
    expect(JSON.stringify(answers)).not.toContain(secret.slice('whsec_'.length));
    const stored = await suite.t.db.query(`SELECT sealed FROM endpoint_secrets WHERE endpoint_id = $1`, [endpoint.id]);
    expect(stored).toHaveLength(1);
  });

  it('an endpoint created paused says so, in words and as its cause, in every answer', async () => {
    const created = (await request(suite.t.http).post('/v1/endpoints').send({ url: (await receiver()).url('/paused'), enabled: false }).expect(201)).body;
    expect(created).toMatchObject({ enabled: false, disabled_reason: 'paused through the API', disabled_cause: 'paused' });
    expect((await request(suite.t.http).get(`/v1/endpoints/${created.id}`).expect(200)).body).toEqual(created);
    const listed = (await request(suite.t.http).get('/v1/endpoints').expect(200)).body.data;
    expect(listed.find((endpoint: { id: string }) => endpoint.id === created.id)).toEqual(created);
  });

  it('delivers only what each endpoint subscribed to, once per endpoint × event, signed with its own secret', async () => {
    const [failedOnly, jobs, runsAndSteps] = [await receiver(), await receiver(), await receiver()];
    const a = await createEndpoint(suite.t, { url: failedOnly.url('/a'), event_types: ['job.failed'] });
    const b = await createEndpoint(suite.t, { url: jobs.url('/b'), event_types: ['job.*'] });
    const c = await createEndpoint(suite.t, { url: runsAndSteps.url('/c'), event_types: ['run.completed', 'step.*'] });
    const done = await completeJob(suite.t, 'completed', { build: 7 });
    const failed = await completeJob(suite.t, 'failed');
    const run = (await request(suite.t.http).post('/v1/runs').send({ metadata: { agent: 'x' } }).expect(201)).body;
    const step = (await request(suite.t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
    await request(suite.t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200);
    const runDone = (await request(suite.t.http).patch(`/v1/runs/${run.id}`).send({ status: 'completed' }).expect(200)).body;
    await fanOutAtRest(suite.t);

    expect(failedOnly.requests.map((received) => verified(a, received))).toEqual([
      { type: 'job.failed', timestamp: failed.completed_at, data: { job_id: failed.id, status: 'failed', completed_at: failed.completed_at, metadata: {} } },
    ]);
    expect(jobs.requests.map((received) => verified(b, received)).sort(byTimestamp)).toEqual([
      { type: 'job.completed', timestamp: done.completed_at, data: { job_id: done.id, status: 'completed', completed_at: done.completed_at, metadata: { build: 7 } } },
      { type: 'job.failed', timestamp: failed.completed_at, data: { job_id: failed.id, status: 'failed', completed_at: failed.completed_at, metadata: {} } },
    ]);
    const stepDone = (await request(suite.t.http).get(`/v1/steps/${step.id}`).expect(200)).body;
    expect(runsAndSteps.requests.map((received) => verified(c, received)).sort(byTimestamp)).toEqual([
      { type: 'step.success', timestamp: stepDone.completed_at, data: { step_id: step.id, run_id: run.id, status: 'success', completed_at: stepDone.completed_at } },
      { type: 'run.completed', timestamp: runDone.completed_at, data: { run_id: run.id, status: 'completed', completed_at: runDone.completed_at, metadata: { agent: 'x' } } },
    ]);
    // One webhook-id per endpoint × event; never the service's callback secret.
    const ids = [...failedOnly.requests, ...jobs.requests, ...runsAndSteps.requests].map((received) => received.headers['webhook-id']);
    expect(new Set(ids).size).toBe(5);
    for (const received of jobs.requests) {
      expect(() => new Webhook(CALLBACK_SECRET).verify(received.body, headersOf(received))).toThrow();
      expect(received.headers['content-type']).toBe('application/json');
    }
    const listed = await endpointDeliveries(suite.t, b.id);
    expect(listed.map((delivery) => [delivery.event_type, delivery.status, delivery.kind]).sort()).toEqual([
      ['job.completed', 'succeeded', 'job'], ['job.failed', 'succeeded', 'job'],
    ]);
    // A bulk redelivery can select one endpoint's deliveries.
    const bulk = await request(suite.t.http).post('/v1/deliveries/redeliver').send({ endpoint_id: b.id }).expect(202);
    expect(bulk.body.matched).toBe(2);
    await eventually(() => jobs.requests.length === 4);
    expect(new Set(jobs.requests.map((received) => received.headers['webhook-id'])).size).toBe(2); // the same ids again
  });

  it("keeps a job's own callback as it was: its payload, the service secret, its callback_* columns", async () => {
    const callback = await receiver();
    const endpointReceiver = (await receiver()).answer(() => ({ status: 503 }));
    await createEndpoint(suite.t, { url: endpointReceiver.url('/down'), event_types: ['job.completed'] });
    const job = (await request(suite.t.http).post('/v1/jobs').send({ callback_url: callback.url('/cb') }).expect(201)).body;
    const done = (await request(suite.t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
    await eventually(() => callback.requests.length === 1 && endpointReceiver.requests.length >= 1);
    expect(callback.requests[0].body).toBe(JSON.stringify({ job_id: job.id, status: 'completed', completed_at: done.completed_at, metadata: {} }));
    expect(new Webhook(CALLBACK_SECRET).verify(callback.requests[0].body, headersOf(callback.requests[0]))).toEqual(JSON.parse(callback.requests[0].body));
    const stored = await eventually(async () => {
      const row = (await request(suite.t.http).get(`/v1/jobs/${job.id}`).expect(200)).body;
      return row.callback_status_code !== null && row;
    });
    expect(stored).toMatchObject({ callback_status_code: 200, callback_error: null });
  });

  it('retries with the same webhook-id, and pausing holds the retries until it resumes', async () => {
    const target = (await receiver()).answer((_request, index) => ({ status: index < 2 ? 500 : 204 }));
    const endpoint = await createEndpoint(suite.t, { url: target.url('/flaky') });
    await completeJob(suite.t, 'failed');
    await eventually(() => target.requests.length >= 2);
    const paused = (await request(suite.t.http).patch(`/v1/endpoints/${endpoint.id}`).send({ enabled: false }).expect(200)).body;
    expect(paused).toMatchObject({ id: endpoint.id, enabled: false, disabled_reason: 'paused through the API', disabled_cause: 'paused' });
    expect((await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body).toEqual(paused);
    const heldJob = await completeJob(suite.t, 'completed');
    await fanOutAtRest(suite.t);
    const seen = target.requests.length;
    // Nothing arrives while paused: the retry has been due through a whole claim poll and was not sent.
    expect(await heldThroughAClaimPoll(suite.t, endpoint.id)).toBe(1);
    expect(target.requests.length).toBe(seen);
    const resumed = (await request(suite.t.http).patch(`/v1/endpoints/${endpoint.id}`).send({ enabled: true }).expect(200)).body;
    expect(resumed).toMatchObject({ enabled: true, disabled_reason: null, disabled_cause: null });
    expect((await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body).toEqual(resumed);
    await fanOutAtRest(suite.t);
    const events = target.requests.map((received) => verified(endpoint, received));
    expect(new Set(target.requests.slice(0, seen).map((received) => received.headers['webhook-id'])).size).toBe(1);
    expect(events.filter((event) => event.type === 'job.completed')).toEqual([
      { type: 'job.completed', timestamp: heldJob.completed_at, data: { job_id: heldJob.id, status: 'completed', completed_at: heldJob.completed_at, metadata: {} } },
    ]);
    const deliveries = await endpointDeliveries(suite.t, endpoint.id);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('delete ends an endpoint for good: not found, nothing more sent, its secrets destroyed', async () => {
    const target = await receiver();
    const endpoint = await createEndpoint(suite.t, { url: target.url('/gone') });
    await request(suite.t.http).delete(`/v1/endpoints/${endpoint.id}`).expect(204);
    await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(404);
    await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/secret`).expect(404);
    await request(suite.t.http).patch(`/v1/endpoints/${endpoint.id}`).send({ enabled: true }).expect(404);
    await request(suite.t.http).delete(`/v1/endpoints/${endpoint.id}`).expect(404);
    await completeJob(suite.t, 'completed');
    await fanOutAtRest(suite.t);
    expect(target.requests).toEqual([]);
    expect(await suite.t.db.query(`SELECT * FROM endpoint_secrets WHERE endpoint_id = $1`, [endpoint.id])).toEqual([]);
    expect((await request(suite.t.http).get('/v1/endpoints').expect(200)).body.data.map((listed: { id: string }) => listed.id)).not.toContain(endpoint.id);
  });

  it.each([
    [{ url: 'http://127.0.0.1:9/x', event_types: ['job.failed', 'job.exploded'] }, 'event_types[1]', /"job\.exploded" is not an event type/],
    [{ url: 'http://127.0.0.1:9/x', event_types: [] }, 'event_types', /1 to 50 event types/],
    [{ url: 'ftp://example.com/x' }, 'url', /url/],
    [{}, 'url', /url/],
    [{ url: 'http://127.0.0.1:9/x', since: 'yesterday' }, 'since', /ISO 8601/],
    [{ url: 'http://127.0.0.1:9/x', since: -1 }, 'since', /at least 0/],
    [{ url: 'http://127.0.0.1:9/x', since: '2999-01-01T00:00:00Z' }, 'since', /future/],
    [{ url: 'http://127.0.0.1:9/x', enabled: 'yes' }, 'enabled', /boolean/],
  ])('refuses %j with a 400 naming %s, writing nothing', async (body, field, message) => {
    const counts = () => suite.t.db.query(`SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM endpoints) AS endpoints,
      (SELECT count(*) FROM endpoint_secrets) AS secrets, (SELECT count(*) FROM endpoint_cursors) AS cursors`);
    const before = await counts();
    const response = await request(suite.t.http).post('/v1/endpoints').send(body).expect(400);
    expect(response.body.field).toBe(field);
    expect(response.body.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad update or rotation naming the field, changing nothing', async () => {
    const endpoint = await createEndpoint(suite.t, { url: 'http://127.0.0.1:9/x' });
    const bad = await request(suite.t.http).patch(`/v1/endpoints/${endpoint.id}`).send({ event_types: ['run.*', 'nope'] }).expect(400);
    expect(bad.body).toMatchObject({ field: 'event_types[1]' });
    const badSecret = await request(suite.t.http).post(`/v1/endpoints/${endpoint.id}/secret/rotate`).send({ secret: 'whsec_short' }).expect(400);
    expect(badSecret.body).toMatchObject({ field: 'secret' });
    const { secret, ...shown } = endpoint;
    expect((await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body).toEqual(shown);
    expect((await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/secret`).expect(200)).body).toEqual({ secret });
  });

  it('lists every event type with an example envelope', async () => {
    const { data } = (await request(suite.t.http).get('/v1/event-types').expect(200)).body;
    expect(data.map((type: { name: string }) => type.name)).toEqual([
      'job.completed', 'job.failed', 'job.cancelled', 'job.expired', 'run.completed', 'run.failed', 'run.cancelled', 'step.success', 'step.failed', 'step.cancelled',
    ]);
    expect(data[1].example).toEqual({
      type: 'job.failed', timestamp: '2026-12-01T12:00:00.000Z',
      data: { job_id: 'job-0b7e4f8e-4d5c-4c8a-9a51-2f3c6d7e8f90', status: 'failed', completed_at: '2026-12-01T12:00:00.000Z', metadata: { pipeline: 'nightly' } },
    });
    expect(Object.keys(data[7].example.data)).toEqual(['step_id', 'run_id', 'status', 'completed_at']);
    expect(data.map((type: { name: string }) => type.name)).toEqual([...EVENT_TYPES]); // the client's names are the service's
  });
});

function headersOf(received: ReceivedRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(received.headers).map(([name, value]) => [name, String(value)]));
}

function byTimestamp(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return String(a.timestamp).localeCompare(String(b.timestamp));
}
