import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding on 8308c9d, fixed the same day (the index holds the URL's first 256
 * characters): `deliveries_by_url_prefix` was a plain btree on the whole `url`.
 * A callback/endpoint URL is validated at <= 2048 *characters*, but non-ASCII characters are stored raw (3 bytes
 * each in UTF-8), so a valid URL can be ~6 KB; a btree entry may be at most 2704 bytes. The delivery row can then
 * never be inserted.
 */
describe('a valid non-ASCII URL longer than 2704 bytes', () => {
  let t: TestApp;
  let receiver: Receiver;
  // 2000 pseudo-random CJK characters (incompressible, so TOAST compression of the index tuple does not save it).
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const longPath = () => Array.from({ length: 2000 }, () => String.fromCodePoint(0x4e00 + (next() % 20000))).join('');

  beforeAll(async () => {
    receiver = await Receiver.start();
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '1h' });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('a job accepted with such a callback_url can be completed', async () => {
    const url = receiver.url('/') + longPath();
    expect(url.length).toBeLessThanOrEqual(2048);
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: url }).expect(201)).body;
    const done = await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' });
    // Was: 500 {"message":"internal error"}; log: index row size 6040 exceeds btree version 4 maximum 2704
    // for index "deliveries_by_url_prefix". Every retry of the PATCH fails the same way: the job can never end.
    expect(done.status).toBe(200);
    // Found by a prefix longer than the index holds (the rest is checked on the whole URL), and not by another one.
    const prefix = Array.from(url).slice(0, 300).join('');
    const found = await eventually(async () => {
      const rows = (await request(t.http).get(`/v1/deliveries?url=${encodeURIComponent(prefix)}`).expect(200)).body.data;
      return rows.length > 0 ? rows : undefined;
    }, { what: 'the delivery found' });
    expect(found.map((row: { subject_id: string }) => row.subject_id)).toEqual([job.id]);
    const other = `${Array.from(url).slice(0, 299).join('')}x`;
    expect((await request(t.http).get(`/v1/deliveries?url=${encodeURIComponent(other)}`).expect(200)).body.data).toEqual([]);
  });

  it('an endpoint accepted with such a URL does not stop other endpoints receiving events; the URL is found by its prefix', async () => {
    const healthy = (await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/healthy'), event_types: ['job.completed'] }).expect(201)).body;
    await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/') + longPath(), event_types: ['job.completed'] }).expect(201);
    const job = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await eventually(async () => {
      const rows = await t.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE subject_id = $1 AND endpoint_id = $2`, [job.id, healthy.id]);
      return rows[0].n === 1;
    }, { what: "the healthy endpoint's delivery of job.completed recorded" });
    // Was: never (eventually times out); the log repeats every ~250 ms: "fanning completions out to endpoints
    // failed; the next pass tries again: error: index row size 6040 exceeds btree version 4 maximum 2704 for index
    // "deliveries_by_url_prefix"" — one endpoint's URL stops the fan-out to every endpoint.
  });
});
