import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type LogEntry } from '@temporalio/worker';
import { isCancellation } from '@temporalio/workflow';
import { CallbackClient, createWebhookReceiver, verifyWebhook, type RunResponse, type StepResponse } from 'callback-integration-client';
import { createActivities, fromEnvironment, reportAgentRun, stepActivityOptions, type CallbackActivities } from 'callback-integration-client/temporal';
import { activityOptions } from 'callback-integration-client/temporal/example-workflow';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { eventually } from '../support/poll';
import { closedPort, Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const STEP_KEY = 'worker-step-key';
const SECRET = `whsec_${Buffer.alloc(24, 5).toString('base64')}`;
const WORKFLOW = { workflowExecution: { workflowId: 'agent-7', runId: 'workflow-run-1' }, activityId: '1', namespace: 'default' };

/** The SDK's own activity context, with a logger whose lines the test reads. */
function environment(attempt = 1, info: object = {}): { env: MockActivityEnvironment; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const logger = new DefaultLogger('DEBUG', (entry) => logs.push(entry));
  return { env: new MockActivityEnvironment({ attempt, ...info }, { logger }), logs };
}

/**
 * Each activity run in the SDK's activity context as a worker runs what a workflow schedules: each scheduled
 * activity with an activity id of its own (1, 2, …) in the same workflow execution.
 */
function inActivityContext(activities: CallbackActivities): CallbackActivities {
  let scheduled = 0;
  const run = (activity: (...args: unknown[]) => Promise<unknown>, args: unknown[]) => environment(1, { ...WORKFLOW, activityId: String(++scheduled) }).env.run(activity, ...args);
  return Object.fromEntries(Object.entries(activities).map(([name, activity]) => [name, (...args: unknown[]) => run(activity as (...a: unknown[]) => Promise<unknown>, args)])) as CallbackActivities;
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

  it('createRun and addStep open a run and its steps; a retried activity (same activity id) gets the same entity', async () => {
    const activities = createActivities(client, {});
    const { env } = environment(1, WORKFLOW);
    const run = (await env.run(activities.createRun, { agent_id: 'agent-7', callback_url: receiver.url('/run'), metadata: { model: 'm1' } })) as RunResponse;
    expect(run).toMatchObject({ status: 'created', agent_id: 'agent-7', callback_url: receiver.url('/run'), metadata: { model: 'm1' } });
    // Temporal retries an activity under the same activity id: the create is keyed by it, so no second run appears.
    const retried = (await environment(2, WORKFLOW).env.run(activities.createRun, { agent_id: 'agent-7', callback_url: receiver.url('/run'), metadata: { model: 'm1' } })) as RunResponse;
    expect(retried.id).toBe(run.id);
    const step = (await environment(1, { ...WORKFLOW, activityId: '2' }).env.run(activities.addStep, run.id, { tool: 'search' })) as StepResponse;
    const stepAgain = (await environment(3, { ...WORKFLOW, activityId: '2' }).env.run(activities.addStep, run.id, { tool: 'search' })) as StepResponse;
    const another = (await environment(1, { ...WORKFLOW, activityId: '3' }).env.run(activities.addStep, run.id)) as StepResponse;
    expect([step.run_id, step.status, step.metadata, stepAgain.id]).toEqual([run.id, 'pending', { tool: 'search' }, step.id]);
    expect((await client.listRunSteps(run.id)).data.map((s) => s.id)).toEqual([step.id, another.id]);
    expect((await client.listRuns()).data.map((r) => r.id)).toEqual([run.id]);
    const refused = (await env.run(activities.addStep, 'run-00000000-0000-4000-8000-000000000000').catch((error: unknown) => error)) as ApplicationFailure;
    expect([refused.nonRetryable, (refused.details as { statusCode: number }[])[0].statusCode]).toEqual([true, 404]);
  });

  it('completeStep, completeRun and completeJob report finishes; the service then delivers durably', async () => {
    const { env } = environment();
    const activities = createActivities(client, {});
    const run = await client.createRun({ callback_url: receiver.url('/run') });
    const step = await client.addStep(run.id);
    expect(await env.run(activities.completeStep, step.id, 'success' as const, undefined, { tokens_in: 12, duration_ms: 40 })).toMatchObject({ id: step.id, status: 'success', metrics: { tokens_in: 12, duration_ms: 40 } });
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
    // Without a signing secret: the Standard Webhooks id and timestamp, no signature.
    expect([receiver.requests[0].headers['webhook-id'], receiver.requests[0].headers['webhook-signature']]).toEqual(['step-webhook-step-1', undefined]);
    expect(Math.abs(Number(receiver.requests[0].headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);

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

  it("sendStepCompleteWebhook with WEBHOOK_SIGNING_SECRET is signed like every delivery: the package's own receiver accepts it", async () => {
    const { env, logs } = environment();
    const direct = createActivities(client, fromEnvironment({ STEP_COMPLETE_WEBHOOK: receiver.url('/signed'), STEP_COMPLETE_KEY: STEP_KEY, WEBHOOK_SIGNING_SECRET: SECRET }));
    expect(await env.run(direct.sendStepCompleteWebhook, 'step-9')).toEqual({ sent: true, statusCode: 200 });
    const [request] = receiver.requests;
    expect(request.headers.authorization).toBe(`Bearer ${STEP_KEY}`);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = verifyWebhook(SECRET, request.body, request.headers);
    expect([verified.id, verified.payload]).toEqual(['step-webhook-step-9', { step_id: 'step-9' }]);
    const handled: unknown[] = [];
    const receive = createWebhookReceiver({ secret: SECRET, onWebhook: (webhook) => void handled.push(webhook.payload) });
    expect(await receive(request.body, request.headers)).toEqual({ status: 200, body: { ok: true } });
    // The same step's webhook again (a retried workflow) carries the same webhook-id: the receiver drops it.
    await env.run(direct.sendStepCompleteWebhook, 'step-9');
    expect(await receive(receiver.requests[1].body, receiver.requests[1].headers)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(handled).toEqual([{ step_id: 'step-9' }]);
    expect(JSON.stringify(logs, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(SECRET.slice(6, 20));
    expect(() => createActivities(client, { url: receiver.url('/x'), signingSecret: 'not-a-secret' })).toThrow();
  });

  it('the example workflow reports a whole run: creates it, adds and finishes each step, finishes the run', async () => {
    const logs: [string, Record<string, unknown> | undefined][] = [];
    const tools = { log: { warn: (message: string, fields?: Record<string, unknown>) => void logs.push([message, fields]) }, isCancellation };
    const activities = inActivityContext(createActivities(client, { url: receiver.url('/direct') }));
    const status = await reportAgentRun(activities, { run: { agent_id: 'agent-9', callback_url: receiver.url('/run') }, steps: [{ outcome: 'success', metadata: { tool: 'a' } }, { outcome: 'failed', error: 'tool timed out' }], directStepWebhook: true }, tools);
    expect([status, logs]).toEqual(['failed', []]);
    const [run] = (await client.listRuns()).data;
    expect([run.agent_id, run.status]).toEqual(['agent-9', 'failed']);
    expect((await client.listRunSteps(run.id)).data.map((step) => [step.status, step.error, step.metadata])).toEqual([
      ['success', null, { tool: 'a' }],
      ['failed', 'tool timed out', {}],
    ]);
    await eventually(() => receiver.requests.length === 5, { what: "two direct step webhooks, the service's two and the run callback" });
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/direct', '/direct', '/from-service', '/from-service', '/run']);
  });

  it('the example workflow never fails because the service or a webhook is unreachable: it logs and goes on', async () => {
    const nowhere = new CallbackClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, retries: 0 });
    const warned: [string, Record<string, unknown> | undefined][] = [];
    const tools = { log: { warn: (message: string, fields?: Record<string, unknown>) => void warned.push([message, fields]) }, isCancellation };
    const unreachable = inActivityContext(createActivities(nowhere, { url: `http://127.0.0.1:${await closedPort()}/hook` }));
    // No run could be created: nothing else can be reported, and the agent's outcome is still the answer.
    expect(await reportAgentRun(unreachable, { steps: [{ outcome: 'success' }] }, tools)).toBe('completed');
    expect(warned).toEqual([['could not report to the callback service; the workflow goes on', { what: 'createRun', error: expect.stringContaining('ECONNREFUSED') }]]);

    // A run and steps made beforehand, the service gone since: each report is logged and skipped.
    warned.length = 0;
    expect(await reportAgentRun(unreachable, { runId: 'run-1', steps: [{ stepId: 'step-1', outcome: 'failed' }], directStepWebhook: true }, tools)).toBe('failed');
    expect(warned.map(([, fields]) => fields?.what)).toEqual(['completeStep', 'completeRun']);

    // The workflow's own cancellation is not swallowed.
    const cancelling = { ...unreachable, createRun: () => Promise.reject(new CancelledFailure('workflow cancelled')) };
    expect(await reportAgentRun(cancelling, { steps: [] }, tools).catch((error: unknown) => error)).toBeInstanceOf(CancelledFailure);
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
    // Both builds: import finds the ES module one, require.resolve (examples/temporal-worker.mjs) the CommonJS one.
    for (const build of ['esm', 'cjs']) {
      const bundle = await bundleWorkflowCode({ workflowsPath: resolve(`client/dist/${build}/temporal/example-workflow.js`), logger: new DefaultLogger('WARN', () => undefined) });
      expect([build, bundle.code]).toEqual([build, expect.stringContaining('agentRunWorkflow')]);
      expect([build, bundle.code]).toEqual([build, expect.stringContaining('could not report to the callback service; the workflow goes on')]); // its logic is bundled
    }
  }, 60_000);
});
