import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: 'key-one, key-two' });
  });
  afterAll(() => t.close());

  it.each([
    ['no header', undefined],
    ['a wrong key', 'Bearer key-three'],
    ['a key without Bearer', 'key-one'],
    ['a prefix of a key', 'Bearer key-on'],
  ])('answers 401 with %s', async (_, header) => {
    const call = request(t.http).get('/v1/jobs');
    const answer = await (header ? call.set('authorization', header) : call).expect(401);
    expect(answer.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a valid API key is required: Authorization: Bearer <key>',
      field: 'authorization',
    });
    expect(JSON.stringify(answer.body)).not.toContain('key-one');
  });

  it('accepts each configured key', async () => {
    await request(t.http).get('/v1/jobs').set('authorization', 'Bearer key-one').expect(200);
    await request(t.http).get('/v1/jobs').set('authorization', 'Bearer key-two').expect(200);
  });

  it('leaves health and docs open', async () => {
    await request(t.http).get('/health').expect(200);
    await request(t.http).get('/health/live').expect(200);
  });
});

describe('health and OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database as up', async () => {
    const answer = await request(t.http).get('/health').expect(200);
    expect(answer.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('describes every route and schema at /docs-json', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/health',
        '/health/live',
        '/health/ready',
        '/v1/jobs',
        '/v1/jobs/{id}',
        '/v1/jobs/{id}/cancel',
        '/v1/jobs/{id}/events',
        '/v1/runs',
        '/v1/runs/{id}',
        '/v1/runs/{id}/cancel',
        '/v1/runs/{id}/events',
        '/v1/runs/{runId}/steps',
        '/v1/steps/{id}',
        '/v1/steps/{id}/events',
        '/v1/deliveries',
        '/v1/deliveries/stats',
        '/v1/deliveries/stream',
        '/v1/events',
        '/v1/deliveries/{id}',
        '/v1/deliveries/{id}/redeliver',
        '/v1/deliveries/redeliver',
        '/v1/operations/{id}',
        '/v1/operations/{id}/cancel',
        '/v1/jobs/{id}/deliveries',
        '/v1/runs/{id}/deliveries',
        '/v1/steps/{id}/deliveries',
        '/v1/endpoints',
        '/v1/endpoints/{id}',
        '/v1/endpoints/{id}/secret',
        '/v1/endpoints/{id}/secret/rotate',
        '/v1/event-types',
        '/v1/endpoints/{id}/health',
        '/v1/endpoints/health',
        '/v1/endpoints/{id}/test',
      ].sort(),
    );
    expect(doc.components.schemas.JobResponse.properties.callback_status_code).toBeDefined();
    expect(doc.components.schemas.CreateRunRequest.properties.agent_id).toBeDefined();
    expect(doc.components.schemas.CompleteStepRequest.required).toEqual(['status']);
    expect(doc.components.schemas.DeliveryDetailResponse.properties.attempts).toBeDefined();
  });
});
