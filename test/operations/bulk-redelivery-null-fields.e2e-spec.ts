import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding on 8308c9d, fixed the same day: POST /v1/deliveries/redeliver with JSON
 * `null` search fields. `@IsOptional()` lets null through unvalidated, and the search kept every field that was not
 * `undefined`: a null reached the SQL (a 500), or the stored filter (`since: null` as 1970: everything redelivered).
 * Now a null is a field not given.
 */
describe('bulk redelivery with null search fields', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '1h' });
    await resetDatabase(t.db);
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url('/hook') }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await eventually(async () => (await request(t.http).get('/v1/deliveries?status=succeeded')).body.data.length === 1, { what: 'one delivery succeeded' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('subject_id_prefix: null is a 400, not a 500', async () => {
    const res = await request(t.http).post('/v1/deliveries/redeliver').send({ subject_id_prefix: null });
    // Was: 500 {"message":"internal error"}; log: TypeError: Cannot read properties of null (reading 'replace')
    //   at likePrefix (src/platform/database/search-conditions.ts:69) ← startsWith ← searchConditions ← countSelected
    expect(res.status).toBe(400);
  });

  it('since: null does not pass the "empty filter would redeliver everything" guard', async () => {
    const res = await request(t.http).post('/v1/deliveries/redeliver').send({ since: null });
    // Was: 202 {"operation_id":"op-…","matched":1}; stored filter {"since":"1970-01-01T00:00:00.000Z"}
    // (isoInstant(null) = new Date(null) = the epoch): every delivery is redelivered.
    expect(res.status).toBe(400);
  });

  it('null fields are not kept as a filter that passes the guard (metadata_key: null, url: null)', async () => {
    for (const body of [{ metadata_key: null }, { url: null }, { metadata_key: null, metadata_value: 'x' }]) {
      const res = await request(t.http).post('/v1/deliveries/redeliver').send(body);
      // Was: 202 each; operations.filter {"metadata_key":null}, {"url":null} (searched as "https://null…"),
      // {"metadata_key":null,"metadata_value":"x"} (the needsMetadataKey check passes: null !== undefined).
      expect([body, res.status]).toEqual([body, 400]);
    }
  });
});
