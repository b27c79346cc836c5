import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { completeJob } from '../endpoints/endpoint-helpers';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day: docs/api.md — a rotation signs "with the new one … and with the old one beside it", "webhook-signature then
 * carries two space-separated v1, signatures". Each rotation only expires the secret it replaces, and every secret
 * rotated out keeps signing for ENDPOINT_SECRET_OVERLAP: after n rotations within the overlap every request carries
 * n + 1 signatures (~48 bytes each). At ~340 a Node.js receiver (16 KiB header limit) answers 431 to every delivery:
 * an owner's rotation script, or a retried rotate call in a loop, takes the endpoint down for a day.
 */
describe('many rotations within the overlap', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '100ms' });
    await resetDatabase(t.db);
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('a request still carries at most two signatures and is received', async () => {
    const endpoint = (await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/rotated'), event_types: ['job.*'] }).expect(201)).body;
    // Uncapped, n rotations sign with n + 1 secrets: five already tell a cap of two from none (with 360, past the
    // 431 threshold itself, the file took 19.5 s in a recorded run of the suite).
    for (let i = 0; i < 5; i++) await request(t.http).post(`/v1/endpoints/${endpoint.id}/secret/rotate`).send({}).expect(200);
    await completeJob(t, 'completed');
    const [delivery] = await eventually(async () => {
      const rows: { status: string; last_status_code: number | null }[] = await t.db.query(`SELECT status, last_status_code FROM deliveries WHERE endpoint_id = $1`, [endpoint.id]);
      return rows.length === 1 && rows[0].last_status_code !== null && rows;
    });
    const signatures = receiver.requests.map((one) => String(one.headers['webhook-signature']).split(' ').length);
    expect({ status: delivery.status, code: delivery.last_status_code, signatures }).toEqual({ status: 'succeeded', code: 200, signatures: [2] });
  }, 60_000);
});
