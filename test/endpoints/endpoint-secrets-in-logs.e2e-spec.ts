import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

const SECRET_KEY = randomBytes(32).toString('base64');

/**
 * A service process logging at debug while an endpoint is created, revealed, rotated, delivered to (failing, then
 * not), sent a test event and shown: no secret — nor the key they are sealed with — reaches its log or any answer
 * but the reveal, and at rest they are encrypted.
 */
describe('endpoint secrets stay out of logs and answers', () => {
  let db: DataSource;
  let service: ServiceProcess;
  let receiver: Receiver;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = (await Receiver.start()).answer((_request, index) => ({ status: index === 0 ? 500 : 200 }));
    service = await startService({
      LOG_LEVEL: 'debug', CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE: '100ms', ENDPOINT_SECRET_KEY: SECRET_KEY,
    });
  }, 60_000);
  afterAll(async () => {
    service.child.kill('SIGKILL');
    await receiver.stop();
    await db.destroy();
  });

  it('logs and answers carry no secret; endpoint_secrets holds them sealed', async () => {
    const call = async (method: string, path: string, body?: object) => {
      const answer = await fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
      return { status: answer.status, text: await answer.text() };
    };
    const created = await call('POST', '/v1/endpoints', { url: receiver.url('/hook') });
    const endpoint = JSON.parse(created.text);
    const first = JSON.parse((await call('GET', `/v1/endpoints/${endpoint.id}/secret`)).text).secret as string;
    const given = `whsec_${randomBytes(32).toString('base64')}`;
    await call('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { secret: given });
    await call('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { secret: 'whsec_tooshort' }); // refused: its message must not echo it
    const job = JSON.parse((await call('POST', '/v1/jobs', {})).text);
    await call('PATCH', `/v1/jobs/${job.id}`, { status: 'failed' });
    await eventually(() => receiver.requests.length >= 2, { what: 'the failed attempt and its retry' });
    await call('POST', `/v1/endpoints/${endpoint.id}/test`, {});
    const deliveries = JSON.parse((await call('GET', `/v1/deliveries?endpoint_id=${endpoint.id}`)).text).data;
    const answers = [
      created.text,
      (await call('GET', `/v1/endpoints/${endpoint.id}`)).text,
      (await call('GET', '/v1/endpoints')).text,
      (await call('GET', '/v1/events?after=0&limit=1000')).text,
      (await call('GET', `/v1/deliveries/${deliveries[0].id}`)).text,
      (await call('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { secret: 'whsec_tooshort' })).text,
    ].join('\n');
    const log = service.output();
    expect(log).toContain(endpoint.id); // the log did record the endpoint's work
    for (const secret of [first, given]) {
      const key = secret.slice('whsec_'.length);
      expect(log).not.toContain(key);
      expect(answers).not.toContain(key);
    }
    expect(log).not.toContain(SECRET_KEY);
    expect(answers).not.toContain('tooshort');
    const stored: { sealed: string }[] = await db.query(`SELECT sealed FROM endpoint_secrets WHERE endpoint_id = $1`, [endpoint.id]);
    expect(stored).toHaveLength(2);
    for (const { sealed } of stored) {
      expect(sealed).toMatch(/^aes256gcm:/);
      for (const secret of [first, given]) expect(sealed).not.toContain(secret.slice('whsec_'.length));
    }
  }, 60_000);
});
