import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
  security?: Record<string, string[]>[];
}
interface Schema {
  properties: Record<string, unknown>;
  required: string[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, { post: Operation & { requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Record<string, unknown>> };
}

const SECRET = `whsec_${Buffer.alloc(24, 3).toString('base64')}`;
const ERROR_BODY = '#/components/schemas/ApiErrorResponse';

/** The operation ids clients are generated with: a rename is a breaking change and must show up here. */
const OPERATION_IDS = {
  'GET /health/live': 'getLiveness',
  'GET /health/ready': 'getReadiness',
  'GET /health': 'getHealth',
  'POST /v1/jobs': 'createJob',
  'GET /v1/jobs': 'listJobs',
  'GET /v1/jobs/{id}': 'getJob',
  'PATCH /v1/jobs/{id}': 'updateJob',
  'POST /v1/jobs/{id}/cancel': 'cancelJob',
  'GET /v1/jobs/{id}/events': 'listJobEvents',
  'GET /v1/jobs/{id}/deliveries': 'listJobDeliveries',
  'POST /v1/runs': 'createRun',
  'GET /v1/runs': 'listRuns',
  'GET /v1/runs/{id}': 'getRun',
  'PATCH /v1/runs/{id}': 'updateRun',
  'POST /v1/runs/{id}/cancel': 'cancelRun',
  'GET /v1/runs/{id}/events': 'listRunEvents',
  'GET /v1/runs/{id}/deliveries': 'listRunDeliveries',
  'POST /v1/runs/{runId}/steps': 'addStep',
  'GET /v1/runs/{runId}/steps': 'listRunSteps',
  'GET /v1/steps/{id}': 'getStep',
  'PATCH /v1/steps/{id}': 'completeStep',
  'GET /v1/steps/{id}/events': 'listStepEvents',
  'GET /v1/steps/{id}/deliveries': 'listStepDeliveries',
  'GET /v1/deliveries': 'listDeliveries',
  'GET /v1/deliveries/stats': 'getDeliveryStats',
  'GET /v1/deliveries/stream': 'streamDeliveries',
  'GET /v1/deliveries/{id}': 'getDelivery',
  'POST /v1/deliveries/{id}/redeliver': 'redeliver',
  'POST /v1/deliveries/redeliver': 'redeliverMatching',
  'GET /v1/operations/{id}': 'getOperation',
  'POST /v1/operations/{id}/cancel': 'cancelOperation',
  'GET /v1/events': 'listEvents',
  'POST /v1/endpoints': 'createEndpoint',
  'GET /v1/endpoints': 'listEndpoints',
  'GET /v1/endpoints/{id}': 'getEndpoint',
  'PATCH /v1/endpoints/{id}': 'updateEndpoint',
  'DELETE /v1/endpoints/{id}': 'deleteEndpoint',
  'GET /v1/endpoints/{id}/secret': 'getEndpointSecret',
  'POST /v1/endpoints/{id}/secret/rotate': 'rotateEndpointSecret',
  'GET /v1/event-types': 'getEventTypes',
  'GET /v1/endpoints/{id}/health': 'getEndpointHealth',
  'GET /v1/endpoints/health': 'listEndpointsHealth',
  'POST /v1/endpoints/{id}/test': 'sendTestEvent',
};

function operations(document: Document): { key: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, operation })));
}

function errorStatuses(operation: Operation): string[] {
  return Object.keys(operation.responses).filter((status) => Number(status) >= 400);
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let receiver: Receiver;
  let document: Document;

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ WEBHOOK_SIGNING_SECRET: SECRET, STEP_COMPLETE_WEBHOOK: receiver.url('/steps'), STEP_COMPLETE_KEY: 'step-key-for-the-receiver' });
    document = (await request(t.http).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    receiver.requests.length = 0;
  });

  it('is a valid OpenAPI 3.1 document (checked against the specification schema by a validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect([result.valid, validator.version, document.openapi]).toEqual([true, '3.1', '3.1.0']);
  });

  it('names every operation with a stable id, and gives each a summary and a description', () => {
    const all = operations(document);
    expect(Object.fromEntries(all.map(({ key, operation }) => [key, operation.operationId]))).toEqual(OPERATION_IDS);
    const undescribed = all.filter(({ operation }) => !operation.summary?.trim() || !operation.description?.trim()).map(({ key }) => key);
    expect(undescribed).toEqual([]);
  });

  it('documents the errors each /v1 operation can answer, each with the error body', () => {
    for (const { key, path, operation } of operations(document).filter(({ path }) => path.startsWith('/v1'))) {
      const expected = new Set(['401', '503']);
      if (operation.parameters?.some((parameter) => parameter.in === 'path' || parameter.in === 'query')) expected.add('400');
      if (path.includes('{')) expected.add('404');
      if (operation.requestBody) ['400', '408', '413', '415'].forEach((status) => expected.add(status));
      if (/^(POST|PATCH) /.test(key) && !key.endsWith('/{id}/redeliver') && !key.endsWith('/{id}/test')) expected.add('409');
      if (path.endsWith('/events')) expected.add('500');
      if (key === 'GET /v1/deliveries/stream') expected.add('400'); // a bad Last-Event-ID header
      if (key === 'GET /v1/events' || key === 'GET /v1/deliveries/stream') expected.add('410'); // after a sequence retention purged past
      expect([key, errorStatuses(operation).sort()]).toEqual([key, [...expected].sort()]);
      for (const status of errorStatuses(operation)) {
        expect([key, status, operation.responses[status].content?.['application/json']?.schema.$ref]).toEqual([key, status, ERROR_BODY]);
      }
      expect([key, operation.security]).toEqual([key, [{ bearer: [] }]]);
    }
  });

  it('answers every list as a page {data, has_more, next_cursor} and takes limit and cursor (the event feed keeps its own after/sequence)', () => {
    const lists = operations(document).filter(({ operation }) => operation.operationId.startsWith('list') && operation.operationId !== 'listEvents');
    expect(lists.map(({ operation }) => operation.operationId).sort()).toEqual(
      ['listJobs', 'listRuns', 'listRunSteps', 'listDeliveries', 'listEndpoints', 'listEndpointsHealth', 'listJobDeliveries', 'listRunDeliveries', 'listStepDeliveries', 'listJobEvents', 'listRunEvents', 'listStepEvents'].sort(),
    );
    for (const { key, operation } of lists) {
      const ref = operation.responses['200'].content?.['application/json']?.schema.$ref ?? '';
      const page = document.components.schemas[ref.replace('#/components/schemas/', '')] as unknown as { properties: Record<string, { type?: unknown; items?: { $ref: string } }>; required: string[] };
      expect([key, ref, Object.keys(page.properties).sort(), [...page.required].sort()]).toEqual([key, expect.stringMatching(/Page$/), ['data', 'has_more', 'next_cursor'], ['data', 'has_more', 'next_cursor']]);
      expect([key, page.properties.data.type, page.properties.data.items?.$ref, page.properties.next_cursor.type, page.properties.has_more.type]).toEqual([
        key, 'array', expect.stringMatching(/Response$/), ['string', 'null'], 'boolean',
      ]);
      expect([key, (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name).slice(0, 2)]).toEqual([key, ['limit', 'cursor']]);
    }
    const feed = document.paths['/v1/events'].get;
    expect([feed.responses['200'].content?.['application/json']?.schema, (feed.parameters ?? []).map((parameter) => parameter.name)]).toEqual([
      { type: 'array', items: { $ref: '#/components/schemas/FeedEventResponse' } },
      ['after', 'limit', 'type'],
    ]);
  });

  it('describes API keys as opaque bearer tokens, not JWTs', () => {
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: expect.stringContaining('API_KEYS') });
  });

  it("the error body schema is what the service answers, x-request-id included", async () => {
    const answer = await request(t.http).get('/v1/jobs/job-00000000-0000-4000-8000-000000000000').expect(404);
    const schema = document.components.schemas.ApiErrorResponse;
    expect(Object.keys(answer.body).every((name) => name in schema.properties)).toBe(true);
    expect(schema.required.filter((name) => !(name in answer.body))).toEqual([]);
    expect(answer.headers['x-request-id']).toEqual(expect.any(String));
    const refused = await request(t.http).post('/v1/jobs').send({ callback_url: 'not a url' }).expect(400);
    expect(Object.keys(refused.body).sort()).toEqual(['error', 'field', 'message', 'statusCode']);
  });

  it('describes the three webhooks the service sends, and their bodies and headers are what a receiver gets', async () => {
    expect(Object.keys(document.webhooks).sort()).toEqual(['jobCompleted', 'runCompleted', 'stepCompleted']);
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url('/jobs'), metadata: { pipeline: 7 } }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    const run = (await request(t.http).post('/v1/runs').send({ callback_url: receiver.url('/runs') }).expect(201)).body;
    const step = (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200);
    await request(t.http).post(`/v1/runs/${run.id}/cancel`).expect(200);
    await eventually(() => receiver.requests.length === 3, { what: 'the job, step and run webhooks' });

    const byPath = Object.fromEntries(receiver.requests.map((received) => [received.path, received]));
    for (const [name, path] of [['jobCompleted', '/jobs'], ['runCompleted', '/runs'], ['stepCompleted', '/steps']] as const) {
      const hook = document.webhooks[name].post;
      const schema = document.components.schemas[hook.requestBody.content['application/json'].schema.$ref.replace('#/components/schemas/', '')];
      const body = JSON.parse(byPath[path].body) as Record<string, unknown>;
      expect([name, Object.keys(body).sort()]).toEqual([name, Object.keys(schema.properties).sort()]);
      expect([name, [...schema.required].sort()]).toEqual([name, Object.keys(schema.properties).sort()]);
      const documentedHeaders = (hook.parameters ?? []).filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);
      expect([name, documentedHeaders]).toEqual([name, ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'user-agent']]);
      for (const header of documentedHeaders) expect([name, header, byPath[path].headers[header]]).toEqual([name, header, expect.any(String)]);
      expect([name, Object.keys(hook.responses).sort()]).toEqual([name, ['2XX', '410', 'default']]);
    }
    expect(JSON.parse(byPath['/jobs'].body)).toEqual({ job_id: job.id, status: 'completed', completed_at: expect.any(String), metadata: { pipeline: 7 } });
    expect(document.webhooks.stepCompleted.post.security).toEqual([{}, { stepCompleteKey: [] }]);
    expect(byPath['/steps'].headers.authorization).toBe('Bearer step-key-for-the-receiver');
  });
});
