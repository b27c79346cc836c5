import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { DeliveryDispatcher } from '../../src/webhooks/dispatch/delivery-dispatcher';
import { eventually } from '../support/poll';
import { Receiver, type ReceivedRequest } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

export interface CreatedEndpoint {
  id: string;
  url: string;
  /** Revealed through GET /v1/endpoints/{id}/secret. */
  secret: string;
}

export async function createEndpoint(t: TestApp, body: Record<string, unknown>): Promise<CreatedEndpoint & Record<string, unknown>> {
  const endpoint = (await request(t.http).post('/v1/endpoints').send(body).expect(201)).body;
  const { secret } = (await request(t.http).get(`/v1/endpoints/${endpoint.id}/secret`).expect(200)).body;
  return { ...endpoint, secret };
}

/** A job taken to `status`; answers it as the API does (with completed_at). */
export async function completeJob(t: TestApp, status: string, metadata?: object): Promise<{ id: string; completed_at: string }> {
  const job = (await request(t.http).post('/v1/jobs').send(metadata ? { metadata } : {}).expect(201)).body;
  return (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status }).expect(200)).body;
}

/** The envelope, verified by the official Standard Webhooks library with the endpoint's secret (it throws otherwise). */
export function verified(endpoint: { secret: string }, received: ReceivedRequest): Record<string, unknown> {
  const headers = Object.fromEntries(Object.entries(received.headers).map(([name, value]) => [name, String(value)]));
  return new Webhook(endpoint.secret).verify(received.body, headers) as Record<string, unknown>;
}

export async function endpointDeliveries(t: TestApp, endpointId: string): Promise<{ id: string; status: string; event_type: string; kind: string }[]> {
  return (await request(t.http).get(`/v1/deliveries?endpoint_id=${endpointId}&limit=1000`).expect(200)).body.data;
}

/**
 * The positive signal that nothing more will be sent to enabled endpoints: every enabled endpoint's cursor is at
 * the end of the log, and no delivery of an enabled endpoint (or a callback) is planned, leased or in flight.
 */
export async function fanOutAtRest(t: TestApp): Promise<void> {
  const dispatcher = t.app.get(DeliveryDispatcher);
  await eventually(
    async () => {
      if (dispatcher.inFlight > 0) return false;
      const [{ behind, busy }] = await t.db.query(`
        SELECT (SELECT count(*)::int FROM endpoint_cursors c JOIN endpoints e ON e.id = c.endpoint_id
                 WHERE e.enabled AND e.deleted_at IS NULL AND c.position < (SELECT coalesce(max(sequence), 0) FROM events)) AS behind,
               (SELECT count(*)::int FROM deliveries d
                 WHERE (d.endpoint_id IS NULL OR EXISTS (SELECT 1 FROM endpoints e WHERE e.id = d.endpoint_id AND e.enabled AND e.deleted_at IS NULL))
                   AND (d.next_attempt_at IS NOT NULL OR EXISTS (SELECT 1 FROM delivery_leases l WHERE l.delivery_id = d.id AND l.token IS NOT NULL))) AS busy`);
      return behind === 0 && busy === 0;
    },
    { what: 'endpoints caught up with the log and no delivery planned, leased or in flight' },
  );
}

/**
 * The positive signal that an endpoint's deliveries are held (paused or disabled): with nothing in flight and none
 * of them leased, each has been claimable — due, and any lease given back expired — by the database's clock since
 * before a whole claim query of the dispatcher began (two finished after that moment), and none was sent meanwhile.
 * A delivery the claim did not hold would have been. Answers how many are held.
 */
export async function heldThroughAClaimPoll(t: TestApp, endpointId: string): Promise<number> {
  const dispatcher = t.app.get(DeliveryDispatcher);
  const state = async () => {
    const [row] = await t.db.query(
      `SELECT count(*) FILTER (WHERE d.next_attempt_at IS NOT NULL)::int AS held,
              count(l.token)::int AS leased,
              max(greatest(d.next_attempt_at, l.expires_at)) AS "claimableFrom",
              clock_timestamp() AS "databaseNow"
         FROM deliveries d LEFT JOIN delivery_leases l ON l.delivery_id = d.id
        WHERE d.endpoint_id = $1`,
      [endpointId],
    );
    return row as { held: number; leased: number; claimableFrom: Date | null; databaseNow: Date };
  };
  const before = await eventually(async () => {
    const now = await state();
    return dispatcher.inFlight === 0 && now.leased === 0 && (now.claimableFrom === null || now.databaseNow > now.claimableFrom) && now;
  }, { what: `endpoint ${endpointId}'s deliveries claimable by the database's clock, none leased or in flight` });
  const claims = dispatcher.claimsFinished;
  await eventually(() => dispatcher.claimsFinished >= claims + 2, { what: 'two claim queries after that' });
  const after = await state();
  expect([dispatcher.inFlight, after]).toEqual([0, { ...before, databaseNow: after.databaseNow }]);
  return after.held;
}

export interface EndpointTestSuite {
  /** The app of this describe block (set once its beforeAll ran). */
  readonly t: TestApp;
  /** A receiver on 127.0.0.1, stopped after the test. */
  receiver(): Promise<Receiver>;
}

/**
 * One app for a describe block, on a database reset once (a reset restarts the feed's numbering under a running
 * app, so tests share the log): each test works with its own endpoints, deleted after it, and its own receivers.
 */
export function endpointTestSuite(env: Record<string, string> = {}): EndpointTestSuite {
  let app: TestApp | undefined;
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    app = await startTestApp(env);
    await resetDatabase(app.db);
  });
  afterEach(async () => {
    const { data } = (await request(app!.http).get('/v1/endpoints?limit=1000').expect(200)).body;
    for (const endpoint of data) await request(app!.http).delete(`/v1/endpoints/${endpoint.id}`).expect(204);
    for (const started of receivers.splice(0)) await started.stop();
  });
  afterAll(() => app?.close());
  return {
    get t() {
      return app!;
    },
    async receiver() {
      const started = await Receiver.start();
      receivers.push(started);
      return started;
    },
  };
}
