import { afterAll, beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import request from 'supertest';
import { eventually } from '../support/poll';
import { ScriptedReceiver } from '../support/scripted-receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';
import type { RecordedDelivery } from '../support/recorded-delivery';
import { deliveryProblems, type DeliveryRules, type JobRow } from './delivery-expectations';
import { assertFuzz } from './fuzz-run';
import { deliveryCase, describeAct, type DeliveryCase } from './receiver-acts';

/**
 * The request deadline leaves a loaded machine room: at 300 ms, and once more at 1 s (a clean clone's .ci/run, load
 * average 9 on 2 cores), a receiver's prompt 503 arrived after it and read as a timeout, which is a verdict on the
 * machine, not on the dispatcher.
 */
const RULES: DeliveryRules = { scheduleMs: [40, 80, 120], timeoutMs: 2000 };
/** Longer than the worst case (every attempt hanging to its timeout, every delay doubled) on a busy machine. */
const SETTLE_DEADLINE_MS = 20_000;

/**
 * Receivers whose every answer is generated — any status, odd headers, binary and trickled bodies, hangs,
 * resets — against the real dispatcher. Each delivery must end recorded (succeeded or dead-lettered, the
 * schedule run to its end: no run stops early), with one attempt row per request the receiver saw (nothing is
 * interrupted: the app only shuts down after everything settled), as the retry rules say.
 */
describe('fuzz: the dispatcher against random receiver behaviour', () => {
  let t: TestApp;
  let receiver: ScriptedReceiver;
  let runNumber = 0;

  beforeAll(async () => {
    receiver = await ScriptedReceiver.start();
    t = await startTestApp({
      CALLBACK_TIMEOUT_MS: String(RULES.timeoutMs),
      WEBHOOK_RETRY_SCHEDULE: RULES.scheduleMs.map((ms) => `${ms}ms`).join(','),
      DISPATCHER_POLL_INTERVAL_MS: '20',
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  const deliveryOf = async (jobId: string): Promise<RecordedDelivery | undefined> => {
    const [summary] = (await request(t.http).get(`/v1/jobs/${jobId}/deliveries`).expect(200)).body.data;
    return summary && (await request(t.http).get(`/v1/deliveries/${summary.id}`).expect(200)).body;
  };
  const settledDelivery = async (jobId: string, path: string): Promise<RecordedDelivery> => {
    try {
      return await eventually(
        async () => {
          const delivery = await deliveryOf(jobId);
          return delivery && delivery.status !== 'pending' && delivery.status !== 'delivering' && delivery.next_attempt_at === null && delivery;
        },
        { timeoutMs: SETTLE_DEADLINE_MS, intervalMs: 25, what: `the delivery of ${jobId} to settle` },
      );
    } catch (error) {
      const now = await deliveryOf(jobId);
      const attempts = now?.attempts.map((a) => `${a.number}: ${a.status_code} / ${a.error} (${a.outcome})`);
      throw new Error(`${(error as Error).message}; now ${now?.status}, next ${now?.next_attempt_at}, attempts ${JSON.stringify(attempts)}; the receiver saw ${receiver.requestsTo(path).length} requests`);
    }
  };

  /** Creates the job, completes it, waits until its delivery settled, and lists every broken rule. */
  const playCase = async (deliveryCase: DeliveryCase, path: string): Promise<string[]> => {
    receiver.script(path, deliveryCase.acts);
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url(path), metadata: { note: deliveryCase.note } }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: deliveryCase.finalStatus }).expect(200);
    const delivery = await settledDelivery(job.id, path);
    const row: JobRow = (await request(t.http).get(`/v1/jobs/${job.id}`).expect(200)).body;
    return deliveryProblems(deliveryCase.acts, receiver.requestsTo(path), delivery, row, RULES).map((problem) => `${path}: ${problem}`);
  };

  it('every delivery ends recorded, one attempt per request, one webhook-id and body, the schedule obeyed', async () => {
    const cases = fc
      .array(deliveryCase(RULES.scheduleMs.length + 1), { minLength: 1, maxLength: 4 })
      .map((list) => Object.defineProperty(list, fc.toStringMethod, { value: () => describeCases(list) }));
    await assertFuzz(
      fc.asyncProperty(cases, async (list) => {
        await resetDatabase(t.db);
        runNumber++;
        // Played at once: attempt results of several deliveries are recorded together, as in production.
        const outcomes = await Promise.allSettled(list.map((c, i) => playCase(c, `/run-${runNumber}/case-${i}`)));
        const problems = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value : [String(o.reason)]));
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
      { defaultRuns: 15, timeLimitMs: 150_000, specFile: 'test/fuzz/dispatcher.fuzz.e2e-spec.ts' },
    );
  }, 300_000);
});

function describeCases(list: DeliveryCase[]): string {
  return list.map((c, i) => `case-${i} (${c.finalStatus}): ${c.acts.map(describeAct).join(' | ')}`).join('\n');
}
