import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { EndpointStreams } from '../../src/endpoints/persistence/endpoint-streams';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { rebuildProjections } from '../support/rebuild-projections';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day: `npm run projections:rebuild` must give the endpoints table back byte for byte. It does not: a nullable
 * jsonb column (event_types: every type) is written as the JSON value `null` by the live path (upsertRows with one
 * row sends JSON.stringify(null) = 'null' as the jsonb parameter) but as SQL NULL by a rebuild batch (many rows go
 * through jsonb_to_recordset, which reads JSON null as SQL NULL). `WHERE event_types IS NULL` then answers differently
 * before and after a rebuild (and a rebuild batch of exactly one row writes 'null' again).
 */
describe('the endpoints table after projections:rebuild', () => {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.db);
  });
  afterAll(() => t?.close());

  const rows = async (): Promise<string[]> => {
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      return (await db.query(`SELECT e::text AS row, (event_types IS NULL) AS sql_null FROM endpoints e ORDER BY id`)).rows.map((r) => `${r.row} sql_null=${r.sql_null}`);
    } finally {
      await db.end();
    }
  };

  it('is the same, column for column, after a rebuild', async () => {
    const http = t!.http;
    await request(http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/all' }).expect(201);
    const some = (await request(http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/some', event_types: ['job.*'], rate_limit: 5, enabled: false }).expect(201)).body;
    await request(http).patch(`/v1/endpoints/${some.id}`).send({ event_types: null, enabled: true, metadata: { a: 1 } }).expect(200);
    await request(http).post(`/v1/endpoints/${some.id}/secret/rotate`).send({}).expect(200);
    const gone = (await request(http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/gone', event_types: ['run.failed'] }).expect(201)).body;
    await request(http).delete(`/v1/endpoints/${gone.id}`).expect(204);
    const before = await rows();
    await t!.close();
    t = undefined;
    const rebuilt = await rebuildProjections();
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    expect(await rows()).toEqual(before);
  });

  it('gives each endpoint its disabled_cause back: paused at creation or by PATCH, failing, resumed', async () => {
    t = await startTestApp();
    const http = t.http;
    const create = async (body: object) => (await request(http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/cause', ...body }).expect(201)).body;
    const createdPaused = await create({ enabled: false });
    const patchedPaused = await create({});
    await request(http).patch(`/v1/endpoints/${patchedPaused.id}`).send({ enabled: false }).expect(200);
    const resumed = await create({ enabled: false });
    await request(http).patch(`/v1/endpoints/${resumed.id}`).send({ enabled: true }).expect(200);
    // What the auto-disable does once an endpoint has failed for ENDPOINT_DISABLE_AFTER (its own spec waits for that).
    const failing = await create({});
    const reason = 'every attempt has failed since 2026-12-03T10:00:00.000Z (ENDPOINT_DISABLE_AFTER: 1000 ms)';
    await t.app.get(UnitOfWork).run((batch) => t!.app.get(EndpointStreams).run(batch, { type: 'disableFailing', endpointId: failing.id, reason, now: new Date() }));
    const ids = [createdPaused.id, patchedPaused.id, resumed.id, failing.id];
    const answers = async () => Promise.all(ids.map(async (id) => (await request(t!.http).get(`/v1/endpoints/${id}`).expect(200)).body));
    const before = await answers();
    expect(before.map((endpoint) => [endpoint.disabled_cause, endpoint.disabled_reason])).toEqual([
      ['paused', 'paused through the API'], ['paused', 'paused through the API'], [null, null], ['failing', reason],
    ]);
    const rowsBefore = await rows();
    await t.close();
    t = undefined;
    const rebuilt = await rebuildProjections();
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    expect(await rows()).toEqual(rowsBefore);
    t = await startTestApp();
    expect(await answers()).toEqual(before);
  });
});
