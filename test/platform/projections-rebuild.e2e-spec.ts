import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { SERVICE_PRESENCE_LOCK } from '../../src/platform/database/service-presence';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { rebuildProjections } from '../support/rebuild-projections';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const STEP_KEY = 'step-key-for-rebuild-test';

describe('npm run projections:rebuild', () => {
  let t: TestApp;
  let receiver: Receiver;
  const env = () => ({ STEP_COMPLETE_WEBHOOK: receiver.url('/steps'), STEP_COMPLETE_KEY: STEP_KEY });

  beforeAll(async () => {
    receiver = await Receiver.start();
    // /retry fails each webhook once, /gone refuses for good (dead letter), anything else succeeds.
    const tried = new Set<string>();
    receiver.answer((req) => {
      if (req.path === '/gone') return { status: 410, body: 'gone' };
      const id = String(req.headers['webhook-id']);
      if (req.path === '/retry' && !tried.has(id)) {
        tried.add(id);
        return { status: 503, body: 'busy' };
      }
      return { status: 200, body: 'ok' };
    });
    t = await startTestApp(env());
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const send = async (method: 'post' | 'patch', path: string, body: object = {}) => (await request(t.http)[method](path).send(body)).body;
  const settled = async () => {
    const [row] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status IN ('pending', 'retrying'))::int AS busy,
              count(*)::int AS total FROM deliveries`,
    );
    return row.busy === 0 ? row.total : undefined;
  };

  /** A realistic mix of everything the log can say. */
  async function createHistory(): Promise<{ jobs: string[]; runs: string[]; steps: string[]; deliveries: string[] }> {
    const jobs: string[] = [];
    const runs: string[] = [];
    const steps: string[] = [];
    const job = async (body: object) => (jobs.push((await send('post', '/v1/jobs', body)).id), jobs.at(-1)!);
    await job({ metadata: { only: 'created' } });
    const running = await job({ callback_url: receiver.url('/ok') });
    await send('patch', `/v1/jobs/${running}`, { status: 'running', metadata: { progress: 1 } });
    for (const [path, status] of [['/ok', 'completed'], ['/retry', 'failed'], ['/gone', 'completed'], ['/ok', 'cancelled']] as const) {
      const id = await job({ callback_url: receiver.url(path), metadata: { path, nested: { a: [1, 2] } } });
      await send('patch', `/v1/jobs/${id}`, { status: 'running' });
      for (let merge = 0; merge < 3; merge++) await send('patch', `/v1/jobs/${id}`, { metadata: { merge, [`k${merge}`]: true } });
      if (status === 'cancelled') await send('post', `/v1/jobs/${id}/cancel`);
      else await send('patch', `/v1/jobs/${id}`, { status, metadata: { done: status } });
    }
    const silent = await job({});
    await send('patch', `/v1/jobs/${silent}`, { status: 'completed' });

    for (const [agent, path, outcome] of [['agent-1', '/ok', 'completed'], ['agent-2', '/retry', 'failed'], ['agent-1', '/ok', 'cancel']] as const) {
      const run = (await send('post', '/v1/runs', { agent_id: agent, callback_url: receiver.url(path), metadata: { agent } })).id;
      runs.push(run);
      for (const stepOutcome of ['success', 'failed', 'cancelled', 'pending']) {
        const step = (await send('post', `/v1/runs/${run}/steps`, { metadata: { want: stepOutcome } })).id;
        steps.push(step);
        if (stepOutcome === 'failed') await send('patch', `/v1/steps/${step}`, { status: 'failed', error: 'tool crashed', metrics: { duration_ms: 3.5 } });
        else if (stepOutcome === 'success') await send('patch', `/v1/steps/${step}`, { status: stepOutcome, metrics: { tokens_out: 80, duration_ms: 1840, tokens_in: 512 } });
        else if (stepOutcome !== 'pending') await send('patch', `/v1/steps/${step}`, { status: stepOutcome });
      }
      await send('patch', `/v1/runs/${run}`, { status: 'running', metadata: { phase: 2 } });
      if (outcome === 'cancel') await send('post', `/v1/runs/${run}/cancel`);
      else await send('patch', `/v1/runs/${run}`, { status: outcome });
    }
    runs.push((await send('post', '/v1/runs', {})).id); // a run still created, without steps

    await eventually(settled, { timeoutMs: 20_000, what: 'every delivery settled' });
    const delivered = (await request(t.http).get(`/v1/jobs/${jobs[2]}/deliveries`).expect(200)).body.data[0];
    expect((await request(t.http).post(`/v1/deliveries/${delivered.id}/redeliver`).expect(202)).body.id).toBe(delivered.id);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${delivered.id}`)).body.attempt_count === 2, { what: 'the redelivery' });
    const total = await eventually(settled, { what: 'every delivery settled' });
    const deliveries: string[] = (await t.db.query(`SELECT id FROM deliveries ORDER BY id`)).map((row: { id: string }) => row.id);
    expect(deliveries).toHaveLength(total);
    return { jobs, runs, steps, deliveries };
  }

  /** A paged list, followed page by page with `cursor` (the event feed: with `after`, its last sequence). */
  async function pages(path: string, limit: number): Promise<string[]> {
    const answers: string[] = [];
    const feed = path.startsWith('/v1/events');
    for (let next: string | undefined; ; ) {
      const separator = path.includes('?') ? '&' : '?';
      const answer = await request(t.http).get(`${path}${separator}limit=${limit}${next ? `&${feed ? 'after' : 'cursor'}=${next}` : ''}`).expect(200);
      answers.push(answer.text);
      if (feed) {
        const events = answer.body as { sequence: number }[];
        if (events.length < limit) return answers;
        next = String(events.at(-1)!.sequence);
      } else {
        if (!answer.body.has_more) return answers;
        next = answer.body.next_cursor as string;
      }
    }
  }

  /** Every GET answer the API gives for this history, as the bytes it sent. */
  async function everyAnswer(ids: Awaited<ReturnType<typeof createHistory>>): Promise<Record<string, string>> {
    const answers: Record<string, string> = {};
    const get = async (path: string) => (answers[path] = (await request(t.http).get(path).expect(200)).text);
    for (const id of ids.jobs) for (const suffix of ['', '/events', '/deliveries']) await get(`/v1/jobs/${id}${suffix}`);
    for (const id of ids.runs) for (const suffix of ['', '/events', '/deliveries', '/steps']) await get(`/v1/runs/${id}${suffix}`);
    for (const id of ids.steps) for (const suffix of ['', '/events', '/deliveries']) await get(`/v1/steps/${id}${suffix}`);
    for (const id of ids.deliveries) await get(`/v1/deliveries/${id}`);
    const lists = [
      '/v1/jobs', '/v1/jobs?status=completed', '/v1/jobs?status=running', '/v1/runs', '/v1/runs?agent_id=agent-1',
      '/v1/runs?status=failed', '/v1/deliveries', '/v1/deliveries?status=retrying', '/v1/deliveries?status=dead_lettered', '/v1/deliveries?status=succeeded',
      `/v1/deliveries?subject_id=${ids.jobs[3]}`, '/v1/events', '/v1/events?type=DeliveryAttemptFailed',
    ];
    for (const list of lists) {
      (await pages(list, 3)).forEach((page, index) => (answers[`${list} page ${index + 1}`] = page));
      await get(list);
    }
    return answers;
  }

  it('gives back every GET answer byte for byte after emptying and rebuilding the read models, twice, and refuses while a service runs', async () => {
    const ids = await createHistory();
    const before = await everyAnswer(ids);
    // Every column of the steps table too (metrics among them), as PostgreSQL hands the rows back.
    const stepRows = () => t.db.query(`SELECT * FROM steps ORDER BY id`);
    const stepsBefore = await stepRows();
    expect(stepsBefore.filter((row: { metrics: object }) => Object.keys(row.metrics).length > 0)).toHaveLength(6);
    expect(Object.keys(before).length).toBeGreaterThan(150);
    // The delivery history is in the log: a retry, a dead letter and a redelivery.
    const deliveryEvents = await t.db.query(`SELECT type, count(*)::int AS n FROM events WHERE stream_type = 'delivery' GROUP BY type ORDER BY type`);
    expect(deliveryEvents).toEqual([
      { type: 'DeliveryAttemptFailed', n: 2 },
      { type: 'DeliveryDeadLettered', n: 1 },
      // 10 step deliveries: 9 steps finished by hand, and the cancelled run's pending step cancelled with it.
      { type: 'DeliveryScheduled', n: 7 + 10 },
      { type: 'DeliverySucceeded', n: 6 + 10 + 1 },
      { type: 'RedeliveryRequested', n: 1 },
    ]);

    const refused = await rebuildProjections();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('projections:rebuild failed: a service is running against this database: stop every instance, then rebuild');
    expect((await request(t.http).get(`/v1/jobs/${ids.jobs[1]}`).expect(200)).text).toBe(before[`/v1/jobs/${ids.jobs[1]}`]);

    await t.close();
    // Read models that disagree with the log: a status edited by hand, a lost row, a wrong attempt count.
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE jobs SET status = 'completed', callback_status_code = 599 WHERE id = $1`, [ids.jobs[1]]);
      await db.query(`DELETE FROM steps WHERE id = $1`, [ids.steps[0]]);
      await db.query(`UPDATE deliveries SET attempt_count = 9, last_error = 'edited'`);
      await db.query(`DELETE FROM delivery_attempts WHERE number = 1`);
    } finally {
      await db.end();
    }

    for (let round = 1; round <= 2; round++) {
      const rebuilt = await rebuildProjections();
      expect(rebuilt.stderr).toBe('');
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stdout).toMatch(/emptied jobs, runs, steps, deliveries, delivery_attempts/);
      expect(rebuilt.stdout).toMatch(/job: 7 streams projected[\s\S]*run: 4 streams projected[\s\S]*step: 12 streams projected[\s\S]*delivery: 17 streams projected/);
      expect(rebuilt.stdout).toMatch(/rebuilt from \d+ events \(7 job, 4 run, 12 step, 17 delivery, 0 operation, 0 endpoint streams\)/);

      t = await startTestApp(env());
      const after = await everyAnswer(ids);
      for (const path of Object.keys(before)) expect([path, after[path]]).toEqual([path, before[path]]);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      expect(await stepRows()).toEqual(stepsBefore);
      await t.close();
    }
    t = await startTestApp(env());
  }, 240_000); // 53 s in CI; three times that on a machine busy with other suites

  it('a service refuses to start while a rebuild holds the database', async () => {
    await t.close();
    const rebuild = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await rebuild.connect();
    try {
      // What a rebuild holds while it runs (no service may hold the lock shared meanwhile).
      expect((await rebuild.query('SELECT pg_try_advisory_lock($1) AS held', [SERVICE_PRESENCE_LOCK])).rows[0].held).toBe(true);
      await expect(startTestApp(env())).rejects.toThrow(
        'the read models of this database are being rebuilt (npm run projections:rebuild): start the service when it has finished',
      );
    } finally {
      await rebuild.end();
    }
    t = await startTestApp(env());
  });
});
