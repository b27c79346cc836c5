import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { EVENT_APPEND_LOCK } from '../../src/platform/event-store/event-append-lock';
import { eventually } from '../support/poll';
import { inParallel } from '../support/processes';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

interface FeedEvent {
  sequence: number;
  stream_type: string;
  stream_id: string;
  version: number;
  type: string;
  data: Record<string, unknown>;
  occurred_at: string;
}

describe('the global event feed, GET /v1/events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const freshApp = async () => {
    await t.close();
    t = await startTestApp();
  };
  const feed = async (query: string): Promise<FeedEvent[]> => (await request(t.http).get(`/v1/events${query}`).expect(200)).body;
  const allSequences = async (): Promise<number[]> =>
    (await t.db.query(`SELECT sequence FROM events ORDER BY sequence`)).map((row: { sequence: string }) => Number(row.sequence));

  it('answers events in sequence order with their stream, resumable with after, filtered by type', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({ metadata: { a: 1 } }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;

    const events = await feed('');
    expect(events.map((e) => [e.stream_type, e.stream_id, e.version, e.type])).toEqual([
      ['job', job.id, 1, 'JobCreated'],
      ['job', job.id, 2, 'JobCompleted'],
      ['run', run.id, 1, 'RunCreated'],
    ]);
    expect(events[0].data).toMatchObject({ metadata: { a: 1 } });
    expect(events.map((e) => e.sequence)).toEqual(await allSequences());
    expect(await feed(`?after=${events[0].sequence}&limit=1`)).toEqual([events[1]]);
    expect((await feed('?type=JobCompleted')).map((e) => e.stream_id)).toEqual([job.id]);
    expect(await feed(`?after=${events[2].sequence}`)).toEqual([]);
  });

  it.each([
    ['?limit=0', 'limit'], ['?limit=1001', 'limit'], ['?limit=1e2', 'limit'], ['?limit=0x10', 'limit'], ['?limit=1.5', 'limit'], ['?limit=', 'limit'], ['?limit=1&limit=2', 'limit'],
    ['?after=-1', 'after'], ['?after=x', 'after'], ['?after=9223372036854775808', 'after'], ['?after=99999999999999999999', 'after'], ['?after=1e20', 'after'],
    ['?after=1.5', 'after'], ['?after=0x10', 'after'], ['?after=+1', 'after'], ['?after=%201', 'after'], ['?after=', 'after'], ['?type=', 'type'],
  ])('%s -> 400 naming %s', async (query, field) => {
    const answer = (await request(t.http).get(`/v1/events${query}`).expect(400)).body;
    expect([answer.field, answer.message]).toEqual([field, expect.stringContaining(field)]);
  });

  it('takes any sequence up to the largest bigint, written in plain digits', async () => {
    await request(t.http).post('/v1/jobs').send({}).expect(201);
    expect(await feed('?after=9223372036854775807')).toEqual([]);
    expect(await feed('?after=9007199254740993')).toEqual([]);
    expect((await feed('?after=000&limit=0001')).map((e) => e.type)).toEqual(['JobCreated']);
  });

  it('never hands out a sequence past an append still in flight, so a reader that keeps its last sequence misses nothing', async () => {
    await freshApp(); // the process remembers its last horizon; the reset above restarted the numbering under it
    // An append that took its sequence number first and commits last.
    const slow = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query('SELECT pg_advisory_xact_lock_shared($1)', [EVENT_APPEND_LOCK]);
      await slow.query(
        `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
         VALUES ('job-slow', 'job', 1, 'JobCreated', 2, jsonb_build_object('job_id', 'job-slow', 'metadata', '{}'::jsonb, 'created_at', now()), now())`,
      );
      // Later appends commit first, with higher numbers.
      const fast = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
      expect((await t.db.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [fast.id]))[0].n).toBe(1);

      expect(await feed('')).toEqual([]); // the committed later event is held back: handing it out would skip the slow one
      await slow.query('COMMIT');
      const events = await feed('');
      expect(events.map((e) => e.stream_id)).toEqual(['job-slow', fast.id]);
    } finally {
      await slow.end();
    }
  });

  it('16 concurrent writers and the dispatcher recording attempts while a reader follows: the reader sees every event exactly once, in increasing sequence', async () => {
    await freshApp();
    // Every callback fails once and then succeeds: attempt events are appended by the dispatcher meanwhile.
    const receiver = await Receiver.start();
    const tried = new Set<string>();
    receiver.answer((request) => {
      const id = String(request.headers['webhook-id']);
      if (tried.has(id)) return { status: 200 };
      tried.add(id);
      return { status: 503 };
    });
    const seen: number[] = [];
    let writing = true;
    const follow = (async () => {
      let after = 0;
      for (;;) {
        const page = await feed(`?after=${after}&limit=1000`);
        seen.push(...page.map((e) => e.sequence));
        if (page.length > 0) after = page[page.length - 1].sequence;
        if (!writing && page.length === 0) {
          const last = (await allSequences()).at(-1) ?? 0;
          if (after >= last) return;
        }
      }
    })();
    await inParallel(Array.from({ length: 16 }, (_, i) => i), 16, async () => {
      for (let round = 0; round < 12; round++) {
        const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url() }).expect(201)).body;
        await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
        await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed', metadata: { round } }).expect(200);
        const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
        const step = (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
        await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200);
        await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: 'failed' }).expect(200);
      }
    });
    const jobs = 16 * 12;
    await eventually(
      async () => (await t.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'`))[0].n === jobs,
      { timeoutMs: 60_000, what: 'every callback delivered' },
    );
    writing = false;
    await follow;
    await receiver.stop();

    const stored = await allSequences();
    // Per round: 9 job, run and step events, and DeliveryScheduled; then one event per attempt recorded — a failure
    // and a success each, plus any attempt a reset connection failed (the receiver's keep-alive race, on a busy box).
    const [{ attempts, failures }] = await t.db.query(
      `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE outcome <> 'succeeded')::int AS failures FROM delivery_attempts`,
    );
    expect(failures).toBeGreaterThanOrEqual(jobs);
    expect(attempts).toBe(failures + jobs);
    expect(stored.length).toBe(jobs * (9 + 1) + attempts);
    expect(seen).toEqual(stored); // every one, once, in increasing order
  }, 120_000);
});
