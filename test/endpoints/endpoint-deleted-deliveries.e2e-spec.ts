import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { completeJob, endpointDeliveries, endpointTestSuite } from './endpoint-helpers';
import { eventually } from '../support/poll';

/**
 * A deleted endpoint's unfinished deliveries end (issue 21): they stayed pending or retrying for ever before, due
 * but never claimed, counted in the backlog, and a redelivery of one answered 202 and then nothing happened.
 */
describe("a deleted endpoint's deliveries", () => {
  const suite = endpointTestSuite({ WEBHOOK_RETRY_SCHEDULE: '1h' });

  it('end as dead letters naming the deletion; a redelivery is refused with 409, a bulk one leaves them out; the log says why', async () => {
    const receiver = (await suite.receiver()).answer(() => ({ status: 503 }));
    const endpoint = (await request(suite.t.http).post('/v1/endpoints').send({ url: receiver.url('/down'), event_types: ['job.*'] }).expect(201)).body;
    // Two retrying: one attempt each, the next an hour away.
    await completeJob(suite.t, 'failed');
    await completeJob(suite.t, 'completed');
    await eventually(async () => (await endpointDeliveries(suite.t, endpoint.id)).filter((one) => one.status === 'retrying').length === 2, { what: 'two retrying' });
    const before = await endpointDeliveries(suite.t, endpoint.id);
    expect(before.map((one) => one.status).sort()).toEqual(['retrying', 'retrying']);
    const requestsBefore = receiver.requests.length;

    await request(suite.t.http).delete(`/v1/endpoints/${endpoint.id}`).expect(204);
    const reason = `its endpoint ${endpoint.id} was deleted`;
    const ended = await eventually(async () => {
      const rows = (await request(suite.t.http).get(`/v1/deliveries?endpoint_id=${endpoint.id}`).expect(200)).body.data as Record<string, unknown>[];
      return rows.every((row) => row.status === 'dead_lettered') ? rows : undefined;
    }, { what: "the deleted endpoint's deliveries ended" });
    expect(ended.map(({ status, next_attempt_at, last_error, attempt_count }) => ({ status, next_attempt_at, last_error, attempt_count }))).toEqual([
      { status: 'dead_lettered', next_attempt_at: null, last_error: reason, attempt_count: 1 },
      { status: 'dead_lettered', next_attempt_at: null, last_error: reason, attempt_count: 1 },
    ]);
    const logged = await suite.t.db.query(`SELECT stream_id, data FROM events WHERE type = 'DeliveryAbandoned' ORDER BY stream_id`);
    expect(logged).toEqual(before.map((one) => one.id).sort().map((id) => ({ stream_id: id, data: { delivery_id: id, reason } })));

    const refused = await request(suite.t.http).post(`/v1/deliveries/${before[0].id}/redeliver`).expect(409);
    expect(refused.body).toMatchObject({ field: 'delivery_id', message: `delivery ${before[0].id} cannot be sent again: ${reason}` });
    const bulk = (await request(suite.t.http).post('/v1/deliveries/redeliver').send({ endpoint_id: endpoint.id }).expect(202)).body;
    expect(bulk.matched).toBe(0);
    expect((await request(suite.t.http).get('/v1/deliveries/stats?minutes=5').expect(200)).body.backlog).toMatchObject({ pending: 0, retrying: 0 });
    expect(receiver.requests.length).toBe(requestsBefore);
  });
});
