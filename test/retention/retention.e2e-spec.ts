import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { rebuildProjections } from '../support/rebuild-projections';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const RETENTION_MS = 4000;
/** What the test needs of the service: seconds of retention, looked at often; failing deliveries retry only in an hour. */
const RETAINING = { RETENTION: '4s', RESPONSE_BODY_RETENTION: '2s', RETENTION_INTERVAL: '100ms', WEBHOOK_RETRY_SCHEDULE: '1h' };

describe('retention: finished history purged whole after RETENTION, response bodies after RESPONSE_BODY_RETENTION', () => {
  let t: TestApp;
  let receiver: Receiver;
  const env = (overrides: Record<string, string> = {}) => ({ ...RETAINING, STEP_COMPLETE_WEBHOOK: receiver.url('/steps'), ...overrides });

  beforeAll(async () => {
    receiver = await Receiver.start();
    receiver.answer((req) => (req.path === '/fail' ? { status: 500, body: 'down' } : { status: 200, body: 'ok' }));
    t = await startTestApp(env({ RETENTION: 'forever', RESPONSE_BODY_RETENTION: 'forever' }));
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const send = async (method: 'post' | 'patch', path: string, body: object = {}) => (await request(t.http)[method](path).send(body).expect((r) => r.status < 300)).body;
  const status = async (path: string) => (await request(t.http).get(path)).status;
  const deliveryIdsOf = async (subjects: string[]): Promise<string[]> =>
    (await t.db.query(`SELECT id FROM deliveries WHERE subject_id = ANY($1) ORDER BY id`, [subjects])).map((row: { id: string }) => row.id);
  const settled = () => t.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'`).then(([row]) => row.n === 0);

  let old: { job: string; run: string; steps: string[]; deliveries: string[] };
  let kept: { running: string; retrying: string; retryingDelivery: string; openRun: string; pendingStep: string };

  it('purges jobs, runs and steps finished (deliveries ended) before RETENTION, whole; keeps the younger, the unfinished and a run with a pending step', async () => {
    // What will be old: a delivered job, a run with two finished steps (its callback and two step webhooks delivered).
    const job = (await send('post', '/v1/jobs', { callback_url: receiver.url('/ok'), metadata: { age: 'old' } })).id;
    await send('patch', `/v1/jobs/${job}`, { status: 'completed' });
    const run = (await send('post', '/v1/runs', { callback_url: receiver.url('/ok') })).id;
    const steps = [(await send('post', `/v1/runs/${run}/steps`)).id, (await send('post', `/v1/runs/${run}/steps`)).id];
    await send('patch', `/v1/steps/${steps[0]}`, { status: 'success' });
    await send('patch', `/v1/steps/${steps[1]}`, { status: 'failed', error: 'tool crashed' });
    await send('patch', `/v1/runs/${run}`, { status: 'completed' });
    // What must stay: a running job, a finished job whose callback is still being retried, a finished run with a pending step.
    const running = (await send('post', '/v1/jobs', { metadata: { age: 'running' } })).id;
    await send('patch', `/v1/jobs/${running}`, { status: 'running' });
    const retrying = (await send('post', '/v1/jobs', { callback_url: receiver.url('/fail') })).id;
    await send('patch', `/v1/jobs/${retrying}`, { status: 'failed' });
    const openRun = (await send('post', '/v1/runs', {})).id;
    const pendingStep = (await send('post', `/v1/runs/${openRun}/steps`)).id;
    await send('patch', `/v1/runs/${openRun}`, { status: 'completed' });
    await eventually(settled, { what: 'every first attempt made' });
    old = { job, run, steps, deliveries: await deliveryIdsOf([job, run, ...steps]) };
    expect(old.deliveries).toHaveLength(4); // the job's and run's callbacks, two step webhooks
    const [retryingDelivery] = await deliveryIdsOf([retrying]);
    kept = { running, retrying, retryingDelivery, openRun, pendingStep };
    const retryingAnswer = (await request(t.http).get(`/v1/deliveries/${retryingDelivery}`).expect(200)).body;
    expect(retryingAnswer).toMatchObject({ status: 'retrying', attempt_count: 1 });
    expect(retryingAnswer.attempts.map((a: { status_code: number; response_body: string }) => [a.status_code, a.response_body])).toEqual([[500, 'down']]);

    // Retention on, while jobs keep completing: each is delivered once, and none is purged before RETENTION.
    await t.close();
    t = await startTestApp(env());
    const load: { id: string; completedAt: number }[] = [];
    const loadUntil = Date.now() + 2500;
    while (Date.now() < loadUntil) {
      const id = (await send('post', '/v1/jobs', { callback_url: receiver.url('/load') })).id;
      const completed = await send('patch', `/v1/jobs/${id}`, { status: 'completed', metadata: { n: load.length } });
      load.push({ id, completedAt: Date.parse(completed.completed_at) });
    }
    // Right after the load: every one of them is younger than RETENTION, so every one is there, delivered exactly once.
    await eventually(settled, { what: 'the load delivered' });
    for (const { id, completedAt } of load) {
      if (Date.now() - completedAt < RETENTION_MS - 500) expect([id, await status(`/v1/jobs/${id}`)]).toEqual([id, 200]);
    }
    const loadBodies = receiver.requests.filter((r) => r.path === '/load').map((r) => JSON.parse(r.body).job_id as string);
    expect(loadBodies.sort()).toEqual(load.map(({ id }) => id).sort());

    await eventually(async () => (await status(`/v1/jobs/${job}`)) === 404 && (await status(`/v1/runs/${run}`)) === 404, {
      timeoutMs: 30_000,
      what: 'the old job and run purged',
    });
    for (const path of [`/v1/jobs/${job}/events`, `/v1/runs/${run}/steps`, ...steps.map((id) => `/v1/steps/${id}`), ...old.deliveries.map((id) => `/v1/deliveries/${id}`)]) {
      expect([path, await status(path)]).toEqual([path, 404]);
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = ANY($1)`, [[job, run, ...steps, ...old.deliveries]])).toEqual([{ n: 0 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM delivery_attempts WHERE delivery_id = ANY($1)`, [old.deliveries])).toEqual([{ n: 0 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM response_bodies WHERE delivery_id = ANY($1)`, [old.deliveries])).toEqual([{ n: 0 }]);

    // Kept: the running job, the job still being retried, the run with a pending step (and its step).
    expect((await request(t.http).get(`/v1/jobs/${running}`).expect(200)).body).toMatchObject({ status: 'running', metadata: { age: 'running' } });
    expect((await request(t.http).get(`/v1/jobs/${retrying}`).expect(200)).body).toMatchObject({ status: 'failed', callback_status_code: 500 });
    expect((await request(t.http).get(`/v1/runs/${openRun}`).expect(200)).body).toMatchObject({ status: 'completed' });
    expect((await request(t.http).get(`/v1/steps/${pendingStep}`).expect(200)).body).toMatchObject({ status: 'pending', run_id: openRun });

    // The log says what was purged: every purged job, the run and its two steps, their deliveries, counted.
    await eventually(async () => (await t.db.query(`SELECT id FROM jobs WHERE id = ANY($1)`, [load.map(({ id }) => id)])).length === 0, {
      timeoutMs: 20_000,
      what: 'the load purged once older than RETENTION',
    });
    const purges: { type: string; data: Record<string, string | number> }[] = await t.db.query(
      `SELECT type, data FROM events WHERE stream_id = 'history' AND stream_type = 'history' ORDER BY version`,
    );
    const sum = (field: string) => purges.filter((p) => p.type === 'HistoryPurged').reduce((total, p) => total + Number(p.data[field]), 0);
    expect({ jobs: sum('jobs'), runs: sum('runs'), steps: sum('steps'), deliveries: sum('deliveries') }).toEqual({
      jobs: 1 + load.length,
      runs: 1,
      steps: 2,
      deliveries: 4 + load.length,
    });
    for (const { data } of purges.filter((p) => p.type === 'HistoryPurged')) {
      expect(data).toEqual({
        finished_before: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), jobs: expect.any(Number), runs: expect.any(Number), steps: expect.any(Number),
        deliveries: expect.any(Number), events: expect.any(Number), through_sequence: expect.stringMatching(/^\d+$/), history_starts_after: expect.stringMatching(/^\d+$/),
      });
    }
  }, 90_000);

  it('the feed answers 410 naming where it is whole for a purged range, and reads on from there without a purged event', async () => {
    const [{ startsAfter }] = await t.db.query(
      `SELECT data->>'history_starts_after' AS "startsAfter" FROM events WHERE type = 'HistoryPurged' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(Number(startsAfter)).toBeGreaterThan(0);
    const gone = await request(t.http).get('/v1/events?after=0').expect(410);
    expect(gone.body).toEqual({
      statusCode: 410,
      error: 'Gone',
      message: `events up to sequence ${startsAfter} were purged by retention (RETENTION); the feed is whole after it: read on with after=${startsAfter}`,
      field: 'after',
      code: 'history_purged',
      history_starts_after: startsAfter,
    });
    await request(t.http).get(`/v1/events?after=${BigInt(startsAfter) - 1n}`).expect(410);
    const page = (await request(t.http).get(`/v1/events?after=${startsAfter}&limit=1000`).expect(200)).body as { sequence: number; stream_id: string }[];
    expect(page.length).toBeGreaterThan(0);
    expect(page.every((event) => BigInt(event.sequence) > BigInt(startsAfter))).toBe(true);
    const purgedStreams = new Set([old.job, old.run, ...old.steps, ...old.deliveries]);
    expect(page.filter((event) => purgedStreams.has(event.stream_id))).toEqual([]);
  });

  it('purges response bodies after RESPONSE_BODY_RETENTION, keeping the attempt, and records that', async () => {
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${kept.retryingDelivery}`)).body.attempts?.[0]?.response_body === null, {
      timeoutMs: 20_000,
      what: 'the retrying delivery’s response body purged',
    });
    const delivery = (await request(t.http).get(`/v1/deliveries/${kept.retryingDelivery}`).expect(200)).body;
    expect(delivery).toMatchObject({ status: 'retrying', attempt_count: 1 });
    expect(delivery.attempts).toEqual([expect.objectContaining({ number: 1, status_code: 500, error: 'HTTP 500', response_body: null, outcome: 'retrying' })]);
    const [recorded] = await t.db.query(`SELECT data FROM events WHERE type = 'ResponseBodiesPurged' ORDER BY sequence LIMIT 1`);
    expect(recorded.data).toEqual({ recorded_before: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), response_bodies: expect.any(Number) });
    // The same counts on /metrics as on the log (one process purged everything here), read while nothing was purged.
    const purgedMetrics = async () => {
      const metrics = (await request(t.http).get('/metrics').expect(200)).text;
      const of = (what: string) => Number(new RegExp(`^callback_retention_purged_total\\{what="${what}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
      return { jobs: of('jobs'), runs: of('runs'), steps: of('steps'), deliveries: of('deliveries'), response_bodies: of('response_bodies') };
    };
    const logged = async () => {
      const [row] = await t.db.query(
        `SELECT coalesce(sum((data->>'jobs')::int), 0)::int AS jobs, coalesce(sum((data->>'runs')::int), 0)::int AS runs,
                coalesce(sum((data->>'steps')::int), 0)::int AS steps, coalesce(sum((data->>'deliveries')::int), 0)::int AS deliveries,
                coalesce(sum((data->>'response_bodies')::int), 0)::int AS response_bodies
           FROM events WHERE type IN ('HistoryPurged', 'ResponseBodiesPurged')`,
      );
      return row;
    };
    const { onLog, onMetrics } = await eventually(async () => {
      const before = await logged();
      const metrics = await purgedMetrics();
      const after = await logged();
      return JSON.stringify(before) === JSON.stringify(after) && { onLog: after, onMetrics: metrics };
    }, { what: 'a moment between two purges' });
    expect(onMetrics).toEqual(onLog);
  });

  it('a rebuild after the purge gives back the same answers for what is kept', async () => {
    // Retention off from here: nothing ages out between the two readings.
    await t.close();
    t = await startTestApp(env({ RETENTION: 'forever', RESPONSE_BODY_RETENTION: 'forever' }));
    const paths = [
      `/v1/jobs/${kept.running}`, `/v1/jobs/${kept.retrying}`, `/v1/jobs/${kept.retrying}/deliveries`, `/v1/deliveries/${kept.retryingDelivery}`,
      `/v1/runs/${kept.openRun}`, `/v1/runs/${kept.openRun}/steps`, `/v1/steps/${kept.pendingStep}`, '/v1/jobs', '/v1/runs', '/v1/deliveries',
      `/v1/events?after=${(await t.db.query(`SELECT data->>'history_starts_after' AS s FROM events WHERE type = 'HistoryPurged' ORDER BY sequence DESC LIMIT 1`))[0].s}&limit=1000`,
    ];
    const answers = async () => Object.fromEntries(await Promise.all(paths.map(async (path) => [path, (await request(t.http).get(path).expect(200)).text])));
    const before = await answers();
    expect(JSON.parse(before['/v1/jobs']).data.map((j: { id: string }) => j.id).sort()).toEqual([kept.running, kept.retrying].sort());
    await t.close();
    const rebuilt = await rebuildProjections();
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    t = await startTestApp(env({ RETENTION: 'forever', RESPONSE_BODY_RETENTION: 'forever' }));
    expect(await answers()).toEqual(before);
  }, 60_000);
});
