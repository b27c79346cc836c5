import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

/** The numeric query parameters of the list routes (the feed's are in event-feed.e2e-spec.ts). */
describe('numeric query parameters take plain digits in range, nothing else', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const routes = ['/v1/jobs', '/v1/runs', '/v1/deliveries'];
  const refused = ['0', '1001', '1e2', '0x10', '1.5', '-1', '+5', '%205', '', '99999999999999999999', '9223372036854775808', '1e20', '5&limit=6'];

  it.each(routes.flatMap((route) => refused.map((limit) => [route, limit])))('%s?limit=%s -> 400 naming limit', async (route, limit) => {
    const answer = (await request(t.http).get(`${route}?limit=${limit}`).expect(400)).body;
    expect([answer.field, answer.message]).toEqual(['limit', expect.stringContaining('limit')]);
  });

  it.each(routes)('%s takes limit 1 to 1000 in plain digits', async (route) => {
    for (const limit of ['1', '1000', '050']) await request(t.http).get(`${route}?limit=${limit}`).expect(200);
  });
});
