import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type LogEntry } from '@temporalio/worker';
import { CallbackClient } from 'callback-integration-client';
import { createActivities, fromEnvironment, stepActivityOptions } from 'callback-integration-client/temporal';
import { activityOptions } from 'callback-integration-client/temporal/example-workflow';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { eventually } from '../support/poll';
import { closedPort, Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const STEP_KEY = 'worker-step-key';

/** The SDK's own activity context, with a logger whose lines the test reads. */
function environment(attempt = 1): { env: MockActivityEnvironment; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const logger = new DefaultLogger('DEBUG', (entry) => logs.push(entry));
  return { env: new MockActivityEnvironment({ attempt }, { logger }), logs };
}

describe('Temporal activities on the client (MockActivityEnvironment, real service, real receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let client: CallbackClient;

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ STEP_COMPLETE_WEBHOOK: receiver.url('/from-service') });
    await t.app.listen(0, '127.0.0.1');
    client = new CallbackClient({ baseUrl: `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    receiver.requests.length = 0;
    receiver.answer(() => ({ status: 200 }));
  });

  it('completeStep, completeRun and completeJob report finishes; the service then delivers durably', async () => {
    const { env } = environment();
    const activities = createActivities(client, {});
    const run = await client.createRun({ callback_url: receiver.url('/run') });
    const step = await client.addStep(run.id);
    expect(await env.run(activities.completeStep, step.id, 'success' as const)).toMatchObject({ id: step.id, status: 'success' });
    expect(await env.run(activities.completeRun, run.id, 'completed' as const, { steps: 1 })).toMatchObject({ status: 'completed', metadata: { steps: 1 } });
    const job = await client.createJob();
    expect(await env.run(activities.completeJob, job.id, 'failed' as const)).toMatchObject({ status: 'failed' });
    await eventually(() => receiver.requests.length === 2, { what: "the service's step webhook and run callback" });
    expect(receiver.requests.map((r) => [r.path, JSON.parse(r.body).step_id ?? JSON.parse(r.body).run_id]).sort()).toEqual([
      ['/from-service', step.id],
      ['/run', run.id],
    ]);
  });

  it('a refusal is final (non-retryable ApplicationFailure); the same outcome again is an idempotent success', async () => {
    const { env } = environment();
    const activities = createActivities(client, {});
    const job = await client.createJob();
    await env.run(activities.completeJob, job.id, 'completed' as const);
    // run() cannot infer the activity's result type from its argument: say it.
    expect(((await env.run(activities.completeJob, job.id, 'completed' as const)) as { status: string }).status).toBe('completed');
    const refused = (await env.run(activities.completeJob, job.id, 'failed' as const).catch((error: unknown) => error)) as ApplicationFailure;
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect([refused.nonRetryable, refused.type, (refused.details as { statusCode: number }[])[0].statusCode]).toEqual([true, 'CallbackApiError', 409]);
  });

  it('completeStep on a step its cancelled run cancelled completes (answering it cancelled) and logs why', async () => {
    const { env, logs } = environment();
    const activities = createActivities(client, {});
    const run = await client.createRun();
    const step = await client.addStep(run.id);
    await client.cancelRun(run.id);
    expect(await env.run(activities.completeStep, step.id, 'success' as const)).toMatchObject({ id: step.id, status: 'cancelled' });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'step was cancelled with its run before it finished; its outcome is not recorded' }));
  });

  it('sendStepCompleteWebhook: POSTs {"step_id"} with the bearer key, and never throws when the webhook fails', async () => {
    const { env, logs } = environment(3);
    const direct = createActivities(client, fromEnvironment({ STEP_COMPLETE_WEBHOOK: receiver.url('/direct'), STEP_COMPLETE_KEY: STEP_KEY }));
    expect(await env.run(direct.sendStepCompleteWebhook, 'step-1')).toEqual({ sent: true, statusCode: 200 });
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', path: '/direct', body: '{"step_id":"step-1"}' });
    expect(receiver.requests[0].headers.authorization).toBe(`Bearer ${STEP_KEY}`);

    receiver.answer(() => ({ status: 500 }));
    expect(await env.run(direct.sendStepCompleteWebhook, 'step-2')).toEqual({ sent: false, statusCode: 500, error: 'HTTP 500' });
    const unreachable = createActivities(client, { url: `http://127.0.0.1:${await closedPort()}/x` });
    expect(await env.run(unreachable.sendStepCompleteWebhook, 'step-3')).toEqual({ sent: false, error: 'ECONNREFUSED' });
    receiver.answer(() => 'hang');
    const slow = createActivities(client, { url: receiver.url('/slow'), timeoutMs: 200 });
    expect(await env.run(slow.sendStepCompleteWebhook, 'step-4')).toEqual({ sent: false, error: 'timeout after 200 ms' });
    receiver.releaseHanging();
    expect(await env.run(createActivities(client, {}).sendStepCompleteWebhook, 'step-5')).toEqual({ sent: false });

    const lines = logs.filter((entry) => entry.message.startsWith('step webhook')).map((entry) => [entry.level, entry.message, entry.meta?.stepId, entry.meta?.attempt]);
    expect(lines).toEqual([
      ['INFO', 'step webhook delivered', 'step-1', 3],
      ['WARN', 'step webhook refused', 'step-2', 3],
      ['ERROR', 'step webhook failed', 'step-3', 3],
      ['WARN', 'step webhook timed out', 'step-4', 3],
    ]);
    expect(JSON.stringify(logs, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(STEP_KEY);
  });

  it('cancelling the activity aborts the webhook request in flight', async () => {
    receiver.answer(() => 'hang');
    const { env } = environment();
    const direct = createActivities(client, { url: receiver.url('/hangs') });
    const running = env.run(direct.sendStepCompleteWebhook, 'step-cancelled').catch((error: unknown) => error);
    await eventually(() => receiver.hangingCount === 1, { what: 'the request to arrive' });
    env.cancel();
    expect(await running).toBeInstanceOf(CancelledFailure);
    await eventually(() => receiver.hangingCount === 0, { what: 'the request to be aborted' });
  });

  it('the example workflow bundles in the deterministic sandbox and uses the seed activity options', async () => {
    expect(stepActivityOptions).toEqual({ startToCloseTimeout: '15s', scheduleToCloseTimeout: '30s' });
    expect(activityOptions).toBe(stepActivityOptions);
    const bundle = await bundleWorkflowCode({ workflowsPath: resolve('client/dist/esm/temporal/example-workflow.js'), logger: new DefaultLogger('WARN', () => undefined) });
    expect(bundle.code).toContain('agentRunWorkflow');
  }, 60_000);
});
