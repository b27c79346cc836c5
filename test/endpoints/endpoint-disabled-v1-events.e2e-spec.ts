import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DATABASE_SCHEMA } from '../../src/database-schema';
import { EndpointStreams } from '../../src/endpoints/persistence/endpoint-streams';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { rebuildProjections } from '../support/rebuild-projections';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const PAUSED = 'paused through the API';
const FAILING = 'every attempt has failed since 2026-12-01T10:00:00.000Z (ENDPOINT_DISABLE_AFTER: 432000000 ms)';

/**
 * Endpoints disabled before `disabled_cause` existed: EndpointDisabled v1 (the reason text only) and endpoints rows
 * without the column. The migration fills the column and the v1 upcaster reads the events, both from the text; the
 * two must agree, and commands decide on the old history as on a new one.
 */
describe('endpoints disabled before disabled_cause existed', () => {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.db);
  });
  afterAll(() => t?.close());

  /** Turns this database back into what the release before the cause left: v1 events, no column; then migrates it up. */
  async function asTheReleaseBeforeThenMigrated(): Promise<void> {
    const db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2, { schema: DATABASE_SCHEMA })).initialize();
    try {
      const names = DATABASE_SCHEMA.migrations.map((migration) => migration.name);
      const later = names.slice(names.indexOf('EndpointDisabledCause1764102000000'));
      for (let i = 0; i < later.length; i++) await db.undoLastMigration();
      expect(await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'endpoints' AND column_name = 'disabled_cause'`)).toEqual([]);
      await db.query(`UPDATE events SET schema_version = 1, data = data - 'cause' WHERE type = 'EndpointDisabled'`);
      expect(await db.runMigrations()).toHaveLength(later.length);
    } finally {
      await db.destroy();
    }
  }

  it('read back with the cause their reason text gives: after the migration, in the feed, after a rebuild, and for the next command', async () => {
    const create = async (body: object) => (await request(t!.http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/old', ...body }).expect(201)).body;
    const paused = await create({});
    await request(t!.http).patch(`/v1/endpoints/${paused.id}`).send({ enabled: false }).expect(200);
    const failing = await create({});
    await t!.app.get(UnitOfWork).run((batch) => t!.app.get(EndpointStreams).run(batch, { type: 'disableFailing', endpointId: failing.id, reason: FAILING, now: new Date() }));
    const createdPaused = await create({ enabled: false }); // no EndpointDisabled: its cause comes from EndpointCreated
    await t!.close();
    t = undefined;
    await asTheReleaseBeforeThenMigrated();
    t = await startTestApp();

    const answers = async () => Promise.all([paused.id, failing.id, createdPaused.id].map(async (id) => (await request(t!.http).get(`/v1/endpoints/${id}`).expect(200)).body));
    const migrated = await answers();
    expect(migrated.map((endpoint) => [endpoint.enabled, endpoint.disabled_cause, endpoint.disabled_reason])).toEqual([
      [false, 'paused', PAUSED], [false, 'failing', FAILING], [false, 'paused', PAUSED],
    ]);
    const feed = (await request(t.http).get('/v1/events?after=0&limit=1000&type=EndpointDisabled').expect(200)).body;
    expect(feed.map((event: { stream_id: string; schema_version: number; data: object }) => [event.stream_id, event.schema_version, event.data])).toEqual([
      [paused.id, 2, { endpoint_id: paused.id, reason: PAUSED, cause: 'paused' }],
      [failing.id, 2, { endpoint_id: failing.id, reason: FAILING, cause: 'failing' }],
    ]);
    const stored = async () => t!.db.query(`SELECT stream_id AS id, schema_version AS v, data ? 'cause' AS "hasCause" FROM events WHERE type = 'EndpointDisabled' ORDER BY sequence`);
    expect(await stored()).toEqual([{ id: paused.id, v: 1, hasCause: false }, { id: failing.id, v: 1, hasCause: false }]);

    await t.close();
    t = undefined;
    const rebuilt = await rebuildProjections();
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    t = await startTestApp();
    expect(await answers()).toEqual(migrated);

    // Decided on the replayed v1 history: the failing one resumes, then is paused (a new event, at v2).
    const resumed = (await request(t.http).patch(`/v1/endpoints/${failing.id}`).send({ enabled: true }).expect(200)).body;
    expect(resumed).toMatchObject({ enabled: true, disabled_cause: null, disabled_reason: null });
    const pausedNow = (await request(t.http).patch(`/v1/endpoints/${failing.id}`).send({ enabled: false }).expect(200)).body;
    expect(pausedNow).toMatchObject({ enabled: false, disabled_cause: 'paused', disabled_reason: PAUSED });
    expect(await stored()).toEqual([{ id: paused.id, v: 1, hasCause: false }, { id: failing.id, v: 1, hasCause: false }, { id: failing.id, v: 2, hasCause: true }]);
  });
});
