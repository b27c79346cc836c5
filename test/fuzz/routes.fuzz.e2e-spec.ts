import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';
import { EventLoopStallProbe } from './event-loop-stall-probe';
import { assertFuzz } from './fuzz-run';
import { describeOperation, operationsOf, type FuzzOperation } from './openapi-operations';
import { rawRequest, type RawAnswer } from './raw-request';
import { describeRequest, routeRequest, withTargets, type FuzzTargets, type RouteRequest } from './route-requests';
import { rowCounts } from './row-counts';

/** Issue 18: longer than this on one request is a stall that every other client of the process waits out. */
const STALL_LIMIT_MS = 100;
/** 4xx answers that the README promises name the field (400 invalid input, 413 too large, 415 not JSON). */
const FIELD_NAMED = new Set([400, 413, 415]);

/**
 * Random JSON bodies, query strings and path ids against every operation of the OpenAPI document, through the
 * real app on a real socket: no 5xx, no stall, every refusal a JSON error naming its field, and nothing written
 * by a refused request.
 */
/**
 * A path that is not valid percent-encoded UTF-8 is refused by Fastify's router before any route runs (400,
 * `FST_ERR_BAD_URL`, no field): the README promises a field for inputs a route validates, not for that.
 */
const pathDecodes = (path: string) => {
  try {
    decodeURIComponent(path.split('?')[0]);
    return true;
  } catch {
    return false;
  }
};

describe('fuzz: every route against random input', () => {
  let t: TestApp;
  let holding: Receiver;
  let port: number;
  let operations: FuzzOperation[];
  let targets: FuzzTargets;
  const probe = new EventLoopStallProbe();

  beforeAll(async () => {
    // Accepted callbacks go to a receiver that holds them, under a timeout longer than the test: no attempt
    // result is recorded in the background, so the row counts change only by what the fuzzed requests write.
    holding = await Receiver.start();
    holding.answer(() => 'hang');
    t = await startTestApp({ CALLBACK_TIMEOUT_MS: '600000', SHUTDOWN_TIMEOUT_MS: '0' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    operations = operationsOf((await request(t.http).get('/docs-json').expect(200)).body);
    targets = { count: 5, callbackOrigin: `http://127.0.0.1:${holding.port}` };
  });
  afterAll(async () => {
    probe.stop();
    await t?.close();
    await holding?.stop();
  });

  /** A job, a run, a step and a delivery to aim at, besides ids that do not exist. */
  const createTargets = async (): Promise<string[]> => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: `http://127.0.0.1:${holding.port}/hook` }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    const [delivery] = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;
    const openJob = (await request(t.http).post('/v1/jobs').send({ metadata: { a: 1 } }).expect(201)).body;
    const run = (await request(t.http).post('/v1/runs').send({ agent_id: 'fuzz' }).expect(201)).body;
    const step = (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
    return [job.id, openJob.id, run.id, step.id, delivery.id];
  };

  const send = async (req: RouteRequest): Promise<{ answer: RawAnswer; stalledMs: number }> => {
    probe.start();
    try {
      const answer = await rawRequest(port, req, 10_000);
      return { answer, stalledMs: probe.read() };
    } finally {
      probe.stop();
    }
  };

  const checkAnswer = (req: RouteRequest, answer: RawAnswer) => {
    const text = answer.body.toString('utf8');
    const context = `${describeRequest(req)} -> ${answer.status} ${text.slice(0, 300)}`;
    const isJson = String(answer.headers['content-type'] ?? '').startsWith('application/json');
    if (answer.status >= 500) {
      // The one 5xx the service may give: the database is unreachable (it should not be, here).
      expect([context, answer.status, answer.headers['retry-after']]).toEqual([context, 503, '1']);
    }
    if (answer.status >= 400) {
      expect([context, isJson]).toEqual([context, true]);
      const body = JSON.parse(text);
      expect([context, body.statusCode, typeof body.message]).toEqual([context, answer.status, 'string']);
      if (FIELD_NAMED.has(answer.status) && pathDecodes(req.path)) expect([context, typeof body.field]).toEqual([context, 'string']);
    } else if (isJson && !answer.streamed) {
      // a streamed list or event page must arrive whole
      expect(() => JSON.parse(text)).not.toThrow();
    }
  };

  /** Each run starts from the same state, so FUZZ_SEED/FUZZ_PATH replay a failure in the state it happened in. */
  const freshTargets = async (): Promise<string[]> => {
    await resetDatabase(t.db);
    return createTargets();
  };

  it('no 5xx, no stall over 100 ms, JSON errors naming the field, nothing written by a refused request', async () => {
    expect(operations.map(describeOperation)).toEqual(expect.arrayContaining(['POST /v1/jobs', 'PATCH /v1/steps/{id}', 'GET /v1/deliveries']));
    const anyRequest = fc.oneof(...operations.map((operation) => routeRequest(operation, targets)));
    await assertFuzz(
      fc.asyncProperty(anyRequest, async (generated) => {
        const req = withTargets(generated, await freshTargets());
        const before = await rowCounts(t.db);
        let { answer, stalledMs } = await send(req);
        checkAnswer(req, answer);
        if (answer.status >= 400) expect([describeRequest(req), await rowCounts(t.db)]).toEqual([describeRequest(req), before]);
        if (stalledMs > STALL_LIMIT_MS) {
          // This machine is shared: a stall counts when the same request stalls the loop a second time.
          const first = stalledMs;
          ({ answer, stalledMs } = await send(req));
          if (stalledMs > STALL_LIMIT_MS) {
            throw new Error(`${describeRequest(req)} blocked the event loop ${Math.round(first)} ms, then ${Math.round(stalledMs)} ms (answer ${answer.status})`);
          }
        }
      }),
      { defaultRuns: 300, timeLimitMs: 120_000, specFile: 'test/fuzz/routes.fuzz.e2e-spec.ts' },
    );
  }, 240_000);
});
