import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding on 8308c9d, fixed the same session: `url` search and per-URL destination
 * stats compared the URL as the client wrote it (callback_url is kept verbatim: `HTTP://…` stays upper-case), while
 * `host` is the parsed, lower-cased host. Now both compare the URL with its scheme and host lower-cased.
 */
describe('url search and destination stats on a URL written with an upper-case scheme', () => {
  let t: TestApp;
  let receiver: Receiver;
  let hostPort: string;
  beforeAll(async () => {
    receiver = await Receiver.start();
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '1h' });
    await resetDatabase(t.db);
    const lower = receiver.url('/hooks');
    hostPort = lower.replace('http://', '').replace('/hooks', '');
    for (const url of [lower.replace('http://', 'HTTP://'), lower]) {
      const job = (await request(t.http).post('/v1/jobs').send({ callback_url: url }).expect(201)).body;
      await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    }
    await eventually(async () => (await request(t.http).get('/v1/deliveries?status=succeeded')).body.data.length === 2, { what: 'both delivered' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('url=<host:port/path> (scheme left out: "either scheme") finds what host=<host:port> finds', async () => {
    const byHost = (await request(t.http).get(`/v1/deliveries?host=${encodeURIComponent(hostPort)}`).expect(200)).body.data;
    const byUrl = (await request(t.http).get(`/v1/deliveries?url=${encodeURIComponent(`${hostPort}/hooks`)}`).expect(200)).body.data;
    // Was: byHost has 2 rows, byUrl only 1 (the "HTTP://127.0.0.1:<port>/hooks" delivery is missing).
    expect(byUrl.length).toBe(byHost.length);
  });

  it('the stats count one receiver as one destination', async () => {
    const stats = (await request(t.http).get('/v1/deliveries/stats?minutes=5').expect(200)).body;
    // Was: two destinations, url "http://127.0.0.1:<port>/hooks" (1 attempt) and "HTTP://127.0.0.1:<port>/hooks" (1 attempt).
    expect(stats.destinations.map((one: { url: string; attempts: number }) => [one.url, one.attempts])).toEqual([[`http://${hostPort}/hooks`, 2]]);
  });
});
