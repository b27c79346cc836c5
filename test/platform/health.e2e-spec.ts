import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DeliveryDispatcher } from '../../src/webhooks/dispatch/delivery-dispatcher';
import { eventually } from '../support/poll';
import { TcpProxy } from '../support/tcp-proxy';
import { startTestApp, TestApp } from '../support/test-app';

describe('health checks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('ready reports database, migrations, dispatcher and the backlog', async () => {
    const answer = await eventually(async () => {
      const response = await request(t.http).get('/health/ready');
      return response.status === 200 && response;
    });
    expect(answer.body.status).toBe('ok');
    expect(answer.body.details).toMatchObject({
      database: { status: 'up' },
      migrations: { status: 'up' },
      dispatcher: { status: 'up', last_poll_at: expect.any(String), in_flight: expect.any(Number) },
      deliveries: {
        status: 'up',
        pending: expect.any(Number),
        retrying: expect.any(Number),
        delivering: expect.any(Number),
        dead_letters: expect.any(Number),
        oldest_due_age_seconds: expect.any(Number),
      },
    });
    expect((await request(t.http).get('/health').expect(200)).body.details.database.status).toBe('up');
  });

  it('a stalled dispatcher turns readiness 503 while liveness stays 200', async () => {
    const app = await startTestApp();
    try {
      await app.app.get(DeliveryDispatcher).onModuleDestroy(); // stops the poll loop
      const answer = await eventually(
        async () => {
          const response = await request(app.http).get('/health/ready');
          return response.status === 503 && response;
        },
        { what: 'readiness to turn 503' },
      );
      expect(answer.body.status).toBe('error');
      expect(answer.body.error.dispatcher).toMatchObject({ status: 'down', message: expect.stringContaining('has not run') });
      await request(app.http).get('/health/live').expect(200);
    } finally {
      await app.close();
    }
  });
});

describe('readiness with a migration not yet applied', () => {
  it('is 503 naming the migrations check, and 200 again once it is applied', async () => {
    const app = await startTestApp();
    const [latest] = await app.db.query(`SELECT * FROM schema_migrations ORDER BY timestamp DESC LIMIT 1`);
    try {
      await app.db.query(`DELETE FROM schema_migrations WHERE id = $1`, [latest.id]); // as if the code were one migration ahead
      const answer = await request(app.http).get('/health/ready').expect(503);
      expect(answer.body.error.migrations).toEqual({ status: 'down', message: 'pending migrations' });
      expect(answer.body.info.database.status).toBe('up');
    } finally {
      await app.db.query(`INSERT INTO schema_migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [latest.id, latest.timestamp, latest.name]);
    }
    await request(app.http).get('/health/ready').expect(200);
    await app.close();
  });
});

describe('health when the database goes away', () => {
  it('readiness turns 503 naming the database; liveness stays 200', async () => {
    const { proxy, url: viaProxy } = await TcpProxy.toTestDatabase();
    const app = await startTestApp({ DATABASE_URL: viaProxy });
    try {
      await eventually(async () => (await request(app.http).get('/health/ready')).status === 200);
      await proxy.cut();
      const answer = await eventually(
        async () => {
          const response = await request(app.http).get('/health/ready');
          return response.status === 503 && response;
        },
        { what: 'readiness to turn 503' },
      );
      expect(answer.body.error.database.status).toBe('down');
      await request(app.http).get('/health/live').expect(200);
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});
