import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { completeJob, createEndpoint, endpointDeliveries, endpointTestSuite } from './endpoint-helpers';

/** `GET /v1/endpoints/health`: a page of the list's health in one request (the dashboard asked once per endpoint). */
describe("endpoints' health, a page at a time", () => {
  const suite = endpointTestSuite({ WEBHOOK_RETRY_SCHEDULE: '1h' });

  it("answers each endpoint's own health, in the list's order and pages, with the list's cursor", async () => {
    const ok = (await suite.receiver()).answer(() => ({ status: 200 }));
    const down = (await suite.receiver()).answer(() => ({ status: 500 }));
    const healthy = await createEndpoint(suite.t, { url: ok.url('/a'), event_types: ['job.*'] });
    const failing = await createEndpoint(suite.t, { url: down.url('/b'), event_types: ['job.*'] });
    const quiet = await createEndpoint(suite.t, { url: ok.url('/c'), event_types: ['run.*'] });
    await completeJob(suite.t, 'completed');
    await eventually(async () => (await endpointDeliveries(suite.t, healthy.id))[0]?.status === 'succeeded', { what: 'the healthy endpoint delivered' });
    await eventually(async () => (await endpointDeliveries(suite.t, failing.id))[0]?.status === 'retrying', { what: 'the failing endpoint retrying' });

    const own = async (id: string) => (await request(suite.t.http).get(`/v1/endpoints/${id}/health?minutes=30`).expect(200)).body;
    const first = (await request(suite.t.http).get('/v1/endpoints/health?limit=2&minutes=30').expect(200)).body;
    expect(first.data).toEqual([await own(quiet.id), await own(failing.id)]);
    expect(first.data.map((one: { state: string; attempts: number; failing_streak: number }) => [one.state, one.attempts, one.failing_streak])).toEqual([
      ['healthy', 0, 0],
      ['failing', 1, 1],
    ]);
    expect(first.has_more).toBe(true);
    const listed = (await request(suite.t.http).get('/v1/endpoints?limit=2').expect(200)).body;
    expect(listed.next_cursor).toBe(first.next_cursor); // the same cursor pages both
    const second = (await request(suite.t.http).get(`/v1/endpoints/health?limit=2&minutes=30&cursor=${first.next_cursor}`).expect(200)).body;
    expect(second).toEqual({ data: [await own(healthy.id)], has_more: false, next_cursor: null });
    expect(second.data[0]).toMatchObject({ state: 'healthy', attempts: 1, success_rate: 1 });
    for (const [query, field] of [['minutes=0', 'minutes'], ['limit=0', 'limit'], ['cursor=x', 'cursor']]) {
      expect((await request(suite.t.http).get(`/v1/endpoints/health?${query}`).expect(400)).body.field).toBe(field);
    }
  });
});
