import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { completeJob, createEndpoint, endpointDeliveries, endpointTestSuite, heldThroughAClaimPoll, verified } from './endpoint-helpers';

/** Health figures, auto-disable after ENDPOINT_DISABLE_AFTER of failures (held, then resumed), and the test event. */
describe('endpoint health', () => {
  // Retries every 300 ms for about 2.4 s: still retrying when 1 s of failures disables the endpoint. The circuit
  // breaker (its own spec) stays out of the way.
  const suite = endpointTestSuite({ ENDPOINT_DISABLE_AFTER: '1s', WEBHOOK_RETRY_SCHEDULE: Array(8).fill('300ms').join(','), ENDPOINT_CIRCUIT_FAILURES: '1000' });
  const receiver = () => suite.receiver();

  it('reports attempts, success rate, durations and the failing streak; failing for ENDPOINT_DISABLE_AFTER disables it, holding its deliveries', async () => {
    let healthy = true;
    const target = (await receiver()).answer(() => ({ status: healthy ? 200 : 500 }));
    const endpoint = await createEndpoint(suite.t, { url: target.url('/flaky'), event_types: ['job.*'] });
    const first = await completeJob(suite.t, 'completed');
    await eventually(() => target.requests.length === 1);
    await eventually(async () => (await endpointDeliveries(suite.t, endpoint.id))[0]?.status === 'succeeded');
    healthy = false;
    const failing = await completeJob(suite.t, 'failed');
    await eventually(() => target.requests.length >= 3);

    const disabled = await eventually(async () => {
      const shown = (await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body;
      return !shown.enabled && shown;
    }, { what: 'the endpoint disabled for failing 1 s' });
    expect(disabled.disabled_reason).toMatch(/^every attempt has failed since \d{4}-\d\d-\d\dT[\d:.]+Z \(ENDPOINT_DISABLE_AFTER: 1000 ms\)$/);
    expect(disabled.disabled_cause).toBe('failing');
    const listed = (await request(suite.t.http).get('/v1/endpoints').expect(200)).body.data;
    expect(listed.find((shown: { id: string }) => shown.id === endpoint.id)).toMatchObject({ disabled_cause: 'failing', disabled_reason: disabled.disabled_reason });
    // Every request seen is recorded (the last one's record may follow its arrival by a moment); none comes after.
    let seen = 0;
    const health = await eventually(async () => {
      seen = target.requests.length;
      const shown = (await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/health?minutes=5`).expect(200)).body;
      return shown.attempts === seen && shown;
    });
    expect(health).toEqual({
      endpoint_id: endpoint.id, state: 'disabled', disabled_reason: disabled.disabled_reason, disabled_cause: 'failing', window_minutes: 5, attempts: seen,
      success_rate: Math.round((1 / seen) * 10_000) / 10_000, p50_duration_ms: expect.any(Number), p99_duration_ms: expect.any(Number),
      failing_streak: seen - 1, failing_since: expect.any(String), last_success_at: expect.any(String), last_failure_at: expect.any(String),
      circuit_open_until: null,
    });
    expect(Date.parse(health.failing_since)).toBeGreaterThan(Date.parse(health.last_success_at));
    const events = (await request(suite.t.http).get('/v1/events?after=0&limit=1000&type=EndpointDisabled').expect(200)).body;
    expect(events.map((event: { stream_id: string; data: object }) => [event.stream_id, event.data])).toEqual([
      [endpoint.id, { endpoint_id: endpoint.id, reason: disabled.disabled_reason, cause: 'failing' }],
    ]);

    // Held while disabled: the retries of the failing delivery and a new event alike.
    const held = await completeJob(suite.t, 'completed');
    expect(await heldThroughAClaimPoll(suite.t, endpoint.id)).toBe(1); // the retry, due through a whole claim poll
    expect(target.requests.length).toBe(seen);
    expect((await endpointDeliveries(suite.t, endpoint.id)).find((delivery) => delivery.status === 'retrying')).toBeDefined();

    healthy = true;
    const enabled = (await request(suite.t.http).patch(`/v1/endpoints/${endpoint.id}`).send({ enabled: true }).expect(200)).body;
    expect(enabled).toMatchObject({ enabled: true, disabled_reason: null, disabled_cause: null });
    await eventually(async () => (await endpointDeliveries(suite.t, endpoint.id)).every((delivery) => delivery.status === 'succeeded') && (await endpointDeliveries(suite.t, endpoint.id)).length === 3);
    const received = target.requests.map((one) => (verified(endpoint, one).data as { job_id: string }).job_id);
    expect(new Set(received)).toEqual(new Set([first.id, failing.id, held.id]));
    const recovered = (await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/health`).expect(200)).body;
    expect(recovered).toMatchObject({ state: 'healthy', disabled_reason: null, disabled_cause: null, failing_streak: 0, failing_since: null });
  });

  it('a new endpoint has no figures yet', async () => {
    const endpoint = await createEndpoint(suite.t, { url: 'http://127.0.0.1:9/quiet' });
    expect((await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/health`).expect(200)).body).toEqual({
      endpoint_id: endpoint.id, state: 'healthy', disabled_reason: null, disabled_cause: null, window_minutes: 60, attempts: 0, success_rate: null,
      p50_duration_ms: null, p99_duration_ms: null, failing_streak: 0, failing_since: null, last_success_at: null, last_failure_at: null,
      circuit_open_until: null,
    });
    await request(suite.t.http).get(`/v1/endpoints/${endpoint.id}/health?minutes=0`).expect(400);
    await request(suite.t.http).get('/v1/endpoints/ep-unknown/health').expect(404);
  });

  it('sends a signed test event now and answers how the receiver answered; nothing is stored', async () => {
    let status = 200;
    const target = (await receiver()).answer(() => ({ status, body: status === 200 ? 'thanks' : 'down' }));
    const endpoint = await createEndpoint(suite.t, { url: target.url('/test'), enabled: false });
    const sent = (await request(suite.t.http).post(`/v1/endpoints/${endpoint.id}/test`).send({ event_type: 'run.failed' }).expect(200)).body;
    expect(sent).toEqual({ webhook_id: expect.stringMatching(/^test-[0-9a-f-]{36}$/), ok: true, status_code: 200, error: null, duration_ms: expect.any(Number), response_body: 'thanks' });
    expect(target.requests[0].headers['webhook-id']).toBe(sent.webhook_id);
    expect(verified(endpoint, target.requests[0])).toEqual({
      type: 'run.failed', timestamp: '2026-12-01T12:00:00.000Z', test: true,
      data: { run_id: 'run-0b7e4f8e-4d5c-4c8a-9a51-2f3c6d7e8f90', status: 'failed', completed_at: '2026-12-01T12:00:00.000Z', metadata: { pipeline: 'nightly' } },
    });
    status = 503;
    expect((await request(suite.t.http).post(`/v1/endpoints/${endpoint.id}/test`).send({}).expect(200)).body).toMatchObject({ ok: false, status_code: 503, error: 'HTTP 503', response_body: 'down' });
    expect(JSON.parse(target.requests[1].body).type).toBe('job.completed');
    expect(await endpointDeliveries(suite.t, endpoint.id)).toEqual([]);
    expect((await request(suite.t.http).post(`/v1/endpoints/${endpoint.id}/test`).send({ event_type: 'job.exploded' }).expect(400)).body.field).toBe('event_type');
    await request(suite.t.http).post('/v1/endpoints/ep-unknown/test').send({}).expect(404);
  });
});
