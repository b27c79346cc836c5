import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

// lease = the longest timeout (1 s) + the margin (1 s)
const ENV = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  CALLBACK_TIMEOUT_MS: '1000',
  STEP_WEBHOOK_TIMEOUT_MS: '1000',
  DELIVERY_LEASE_MARGIN_MS: '1000',
  WEBHOOK_RETRY_SCHEDULE: '100ms,200ms',
  DISPATCHER_POLL_INTERVAL_MS: '100',
};
const ANSWER_DELAY_MS = 300;

/**
 * A process frozen mid-attempt (SIGSTOP: a long GC pause, a stalled VM) past its lease: another process takes
 * the delivery over. When the first one wakes, its stale result must not be recorded, and the receiver must never
 * have had two requests of the delivery open at once.
 */
describe('lease fencing across a frozen process', () => {
  let db: DataSource;
  let receiver: Receiver;
  let frozen: ServiceProcess;
  let other: ServiceProcess;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = await Receiver.start();
    receiver.answer(() => ({ status: 200, delayMs: ANSWER_DELAY_MS }));
    [frozen, other] = await Promise.all([startService(ENV), startService(ENV)]);
  });
  afterAll(async () => {
    for (const service of [frozen, other]) {
      service.child.kill('SIGCONT');
      service.child.kill('SIGKILL');
    }
    await receiver.stop();
    await db.destroy();
  });

  it('the taken-over attempt is recorded once; the stale one is fenced off; requests never overlap', async () => {
    const post = (url: string, path: string, method: string, body: object) =>
      fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const job = (await (await post(frozen.url, '/v1/jobs', 'POST', { callback_url: receiver.url() })).json()) as { id: string };
    expect((await post(frozen.url, `/v1/jobs/${job.id}`, 'PATCH', { status: 'completed' })).status).toBe(200);

    await eventually(() => receiver.requests.length === 1, { what: 'the first attempt to arrive' });
    frozen.child.kill('SIGSTOP'); // mid-exchange: the answer comes while it cannot read it

    await eventually(() => receiver.requests.length === 2, { timeoutMs: 15_000, what: 'the other process to take over after the lease' });
    const [first, second] = receiver.requests;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.receivedAt).toBeGreaterThanOrEqual(first.receivedAt + ANSWER_DELAY_MS); // the first exchange was over
    await eventually(async () => (await db.query(`SELECT status FROM deliveries`))[0]?.status === 'succeeded', { what: 'the takeover to be recorded' });

    frozen.child.kill('SIGCONT');
    await eventually(() => frozen.output().includes('webhook attempt not recorded: its lease was lost'), { what: 'the stale attempt to be fenced' });

    const attempts = await db.query(`SELECT number, status_code, error FROM delivery_attempts ORDER BY number`);
    expect(attempts).toEqual([{ number: 2, status_code: 200, error: null }]); // attempt 1's result was never written
    const [delivery] = await db.query(`SELECT status, attempt_count, last_status_code FROM deliveries`);
    expect(delivery).toEqual({ status: 'succeeded', attempt_count: 2, last_status_code: 200 });
    expect(await db.query(`SELECT count(*)::int AS n FROM delivery_leases`)).toEqual([{ n: 0 }]); // the takeover's lease ended
    const [row] = await db.query(`SELECT callback_status_code, callback_error FROM jobs WHERE id = $1`, [job.id]);
    expect(row).toEqual({ callback_status_code: 200, callback_error: null });
    expect(receiver.requests).toHaveLength(2);
  }, 60_000);
});
