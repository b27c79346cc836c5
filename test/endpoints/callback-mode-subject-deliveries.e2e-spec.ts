import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { fanOutAtRest } from '../endpoints/endpoint-helpers';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day (callback mode must be unchanged): GET /v1/jobs/:id/deliveries is documented (OpenAPI listJobDeliveries)
 * as "the deliveries that notify about the job (its callback's)". Once any endpoint subscribes to job events, the
 * list also carries one delivery per endpoint (ListSubjectDeliveriesHandler filters on subject_id only), newest first —
 * so a client that reads the first row as its callback's delivery now reads an endpoint's.
 */
describe("a job's deliveries when endpoints also receive its completion", () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.db);
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it("lists the job's callback delivery only", async () => {
    await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/endpoint'), event_types: ['job.*'] }).expect(201);
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url('/callback') }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await fanOutAtRest(t);
    const listed: { url: string; endpoint_id: string | null }[] = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;
    expect(listed.map((delivery) => [delivery.url, delivery.endpoint_id])).toEqual([[receiver.url('/callback'), null]]);
  });
});
