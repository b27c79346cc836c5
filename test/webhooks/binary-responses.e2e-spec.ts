import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/** What a receiver answering in binary sends back: text, a NUL, a byte that is not UTF-8, a control byte, gzip's magic. */
const BINARY = Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0x1f, 0x8b, 0xc3, 0xa9]);
/** The same as stored: UTF-8 text kept (é), everything else as \xNN. */
const BINARY_AS_STORED = 'ok\\x00\\xff\\x1f\\x8b\u00e9';

interface AttemptRow {
  job_id: string;
  number: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
  outcome: string;
}

describe('receivers answering in binary (a NUL byte must not poison a batch of results)', () => {
  let t: TestApp;
  let healthy: Receiver;
  let binary: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ CALLBACK_TIMEOUT_MS: '2000', WEBHOOK_RETRY_SCHEDULE: '100ms,200ms' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await resetDatabase(t.db);
    healthy = (await Receiver.start()).answer(() => ({ status: 200, body: 'ok' }));
    binary = (await Receiver.start()).answer(() => ({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: BINARY }));
  });
  afterEach(async () => {
    await healthy.stop();
    await binary.stop();
  });

  const completeJobWithCallback = async (url: string): Promise<string> => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: url }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    return job.id;
  };
  const attemptRows = (): Promise<AttemptRow[]> =>
    t.db.query(
      `SELECT d.subject_id AS job_id, a.number, a.status_code, a.error, b.body AS response_body, a.outcome
         FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
         LEFT JOIN response_bodies b ON b.delivery_id = a.delivery_id AND b.attempt = a.number ORDER BY d.subject_id, a.number`,
    );
  const settledAttempts = (expected: number) =>
    eventually(
      async () => {
        const [{ unsettled }] = await t.db.query(`SELECT count(*)::int AS unsettled FROM deliveries WHERE status IN ('pending', 'delivering') OR next_attempt_at IS NOT NULL`);
        const rows = await attemptRows();
        return unsettled === 0 && rows.length === expected && rows;
      },
      { timeoutMs: 30_000, what: `${expected} recorded attempts and no delivery left to try` },
    );

  it('20 binary answers among 200 healthy ones: every delivery recorded once, as succeeded, the binary body escaped', async () => {
    const urls = [...Array.from({ length: 200 }, () => healthy.url()), ...Array.from({ length: 20 }, () => binary.url())];
    // Interleaved, 16 at a time: binary results share attempt batches with healthy ones.
    const order = urls.map((url, i) => ({ url, key: (i * 7919) % urls.length })).sort((a, b) => a.key - b.key);
    const jobIds = new Map<string, string>();
    for (let i = 0; i < order.length; i += 16) {
      const ids = await Promise.all(order.slice(i, i + 16).map(({ url }) => completeJobWithCallback(url)));
      ids.forEach((id, k) => jobIds.set(id, order[i + k].url));
    }

    const rows = await settledAttempts(220);
    for (const row of rows) {
      const isBinary = jobIds.get(row.job_id) === binary.url();
      expect(row).toEqual({
        job_id: row.job_id, number: 1, status_code: 200, error: null, outcome: 'succeeded', response_body: isBinary ? BINARY_AS_STORED : 'ok',
      });
    }
    // One request per job, each job's row shows the delivered callback.
    const requestsPerJob = new Map<string, number>();
    for (const received of [...healthy.requests, ...binary.requests]) {
      const jobId = JSON.parse(received.body).job_id as string;
      requestsPerJob.set(jobId, (requestsPerJob.get(jobId) ?? 0) + 1);
    }
    expect([...requestsPerJob.values()].filter((count) => count !== 1)).toEqual([]);
    expect(requestsPerJob.size).toBe(220);
    const jobs: { callback_status_code: number; callback_error: string | null; unsent: boolean }[] = await t.db.query(
      `SELECT callback_status_code, callback_error, callback_sent_at IS NULL AS unsent FROM jobs`,
    );
    expect(jobs.filter((job) => job.callback_status_code !== 200 || job.callback_error !== null || job.unsent)).toEqual([]);
  });

  it('a binary 410 is dead-lettered after its one attempt; a binary 500 follows the retry schedule', async () => {
    binary.answer((received) =>
      JSON.parse(received.body).job_id === gone ? { status: 410, body: BINARY } : { status: 500, body: Buffer.concat([BINARY, Buffer.alloc(2000)]) },
    );
    const gone = await completeJobWithCallback(binary.url());
    const failing = await completeJobWithCallback(binary.url());

    const rows = await settledAttempts(4);
    // A body over 1 KiB is cut at 1,024 bytes before it is made storable: 8 bytes of BINARY, then 1,016 NULs.
    const cutBody = BINARY_AS_STORED + '\\x00'.repeat(1016);
    expect(rows).toEqual(
      [
        { job_id: gone, number: 1, status_code: 410, error: 'HTTP 410', response_body: BINARY_AS_STORED, outcome: 'dead_lettered' },
        { job_id: failing, number: 1, status_code: 500, error: 'HTTP 500', response_body: cutBody, outcome: 'retrying' },
        { job_id: failing, number: 2, status_code: 500, error: 'HTTP 500', response_body: cutBody, outcome: 'retrying' },
        { job_id: failing, number: 3, status_code: 500, error: 'HTTP 500', response_body: cutBody, outcome: 'dead_lettered' },
      ].sort((a, b) => a.job_id.localeCompare(b.job_id) || a.number - b.number),
    );
    expect(binary.requests).toHaveLength(4);
    const job = (await request(t.http).get(`/v1/jobs/${failing}`).expect(200)).body;
    expect(job).toMatchObject({ callback_status_code: 500, callback_error: 'HTTP 500' });
  });
});
