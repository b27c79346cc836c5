import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

const API_KEY = 'api-key-do-not-log-4711';
const STEP_KEY = 'step-key-do-not-log-0815';
const SECRET_BYTES = 'signing secret do-not-log 32 b..';
const SIGNING_SECRET = `whsec_${Buffer.from(SECRET_BYTES).toString('base64')}`;
const HEADER_SECRETS = ['csrf-do-not-log-1', 'pass-do-not-log-2', 'hmac-do-not-log-3'];
const QUERY_SECRETS = ['apikey-do-not-log-4', 'token-do-not-log-5', 'access-do-not-log-6'];

describe('structured logs of a real service process', () => {
  let db: DataSource;
  let receiver: Receiver;
  let service: ServiceProcess;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = await Receiver.start();
    service = await startService({
      LOG_LEVEL: 'debug',
      API_KEYS: API_KEY,
      STEP_COMPLETE_WEBHOOK: receiver.url('/steps'),
      STEP_COMPLETE_KEY: STEP_KEY,
      WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
      CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
  });
  afterAll(async () => {
    service.child.kill('SIGKILL');
    await receiver.stop();
    await db.destroy();
  });

  const call = (method: string, path: string, body?: object, key = API_KEY) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('writes JSON lines; the request id follows into the delivery; no key or secret is ever written', async () => {
    expect((await call('GET', '/v1/jobs', undefined, 'wrong-key')).status).toBe(401);
    const run = await (await call('POST', '/v1/runs', { callback_url: receiver.url('/runs') })).json();
    const step = await (await call('POST', `/v1/runs/${run.id}/steps`, {})).json();
    const finished = await call('PATCH', `/v1/steps/${step.id}`, { status: 'success' });
    expect(finished.status).toBe(200);
    const requestId = finished.headers.get('x-request-id');
    await call('PATCH', `/v1/runs/${run.id}`, { status: 'completed' });
    await eventually(() => receiver.requests.length === 2);

    const lines = await eventually(() => {
      const parsed = service.output().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      return parsed.some((line) => line.context === 'Webhooks' && line.run_id === run.id) && parsed;
    });
    const stepDelivery = lines.find((line) => line.context === 'Webhooks' && line.step_id === step.id);
    expect(stepDelivery).toMatchObject({
      level: 30,
      msg: 'webhook delivered: HTTP 200',
      request_id: requestId,
      webhook_id: receiver.requests.find((r) => r.path === '/steps')!.headers['webhook-id'],
      attempt: 1,
      outcome: 'success',
      status_code: 200,
    });
    const patchLine = lines.find((line) => line.request_id === requestId && line.msg === 'request completed');
    expect(patchLine).toMatchObject({ req: { headers: { authorization: '[redacted]' } } });

    // Any header that can carry a credential is redacted by rule, not only Authorization and Cookie.
    const credentialHeaders: Record<string, string> = {
      'x-api-key': API_KEY,
      'proxy-authorization': `Basic ${API_KEY}`,
      'x-auth-token': API_KEY,
      'x-upstream-secret': API_KEY,
      'x-session-id': API_KEY,
      cookie: `sid=${API_KEY}`,
      'x-csrf': HEADER_SECRETS[0],
      'x-pass': HEADER_SECRETS[1],
      'x-hmac': HEADER_SECRETS[2],
      'x-request-id': 'credential-headers-1',
    };
    const listed = await fetch(`${service.url}/v1/jobs`, { headers: { ...credentialHeaders, authorization: `Bearer ${API_KEY}` } });
    expect(listed.status).toBe(200);
    const listLine = await eventually(() =>
      service.output().trim().split('\n').map((line) => JSON.parse(line) as { request_id?: string; req?: { headers: Record<string, string> } })
        .find((line) => line.request_id === 'credential-headers-1' && line.req),
    );
    for (const name of Object.keys(credentialHeaders).filter((name) => name !== 'x-request-id')) {
      expect([name, listLine.req!.headers[name]]).toEqual([name, '[redacted]']);
    }
    expect(listLine.req!.headers['x-request-id']).toBe('credential-headers-1'); // not a credential: kept

    // A credential in the query string is redacted wherever the URL or its query is logged.
    const query = `limit=5&api_key=${QUERY_SECRETS[0]}&token=${QUERY_SECRETS[1]}&access_token=${QUERY_SECRETS[2]}`;
    const queried = await fetch(`${service.url}/v1/jobs?${query}`, { headers: { authorization: `Bearer ${API_KEY}`, 'x-request-id': 'query-secrets-1' } });
    expect(queried.status).toBe(400);
    const queryLine = await eventually(() =>
      service.output().trim().split('\n').map((line) => JSON.parse(line) as { request_id?: string; req?: { url: string; query: object } })
        .find((line) => line.request_id === 'query-secrets-1' && line.req),
    );
    expect(queryLine.req!.url).toBe('/v1/jobs?limit=5&api_key=[redacted]&token=[redacted]&access_token=[redacted]');
    expect(queryLine.req!.query).toEqual({ limit: '5', api_key: '[redacted]', token: '[redacted]', access_token: '[redacted]' });

    const everything = service.output();
    for (const secret of [API_KEY, STEP_KEY, SIGNING_SECRET, Buffer.from(SECRET_BYTES).toString('base64'), 'wrong-key', ...HEADER_SECRETS, ...QUERY_SECRETS]) {
      expect(everything).not.toContain(secret);
    }
  });
});
