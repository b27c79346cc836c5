import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { JobsTable } from '../../src/jobs/persistence/jobs.table';
import { ReadDataSource } from '../../src/platform/database/read-data-source';
import { normalisedUrlSql } from '../../src/platform/database/search-conditions';
import { RunsTable } from '../../src/runs/persistence/runs.table';
import type { DeliverySearch } from '../../src/webhooks/domain/delivery-search';
import { DeliveriesTable } from '../../src/webhooks/persistence/deliveries.table';
import { openTestDatabase, planWithoutSeqScans, resetDatabase } from '../support/database';

const AT = '2026-12-01T10:00:00.000Z';

/**
 * Search (issue 22) against the real migrated PostgreSQL: the deliveries list and a bulk redelivery's selection
 * read the same conditions; jobs and runs by id prefix and metadata; each served by an index.
 */
describe('delivery, job and run search on PostgreSQL', () => {
  let db: DataSource;
  let deliveries: DeliveriesTable;
  beforeAll(async () => {
    db = await openTestDatabase();
    deliveries = new DeliveriesTable(db, new ReadDataSource(db));
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    await resetDatabase(db);
    const job = (id: string, metadata: object, createdMs: number) =>
      db.query(`INSERT INTO jobs (id, status, metadata, version, created_at, updated_at, completed_at) VALUES ($1, 'completed', $2, 2, $3, $3, $3)`, [
        id, metadata, new Date(Date.parse(AT) + createdMs),
      ]);
    await job('job-alpha-1', { pipeline: 'nightly', n: 42 }, 1);
    await job('job-alpha-2', { pipeline: 'weekly' }, 2);
    await job('job-beta', { n: '42' }, 3);
    await job('job-50%_off', { flag: true }, 4);
    await job('job-50xxoff', { flag: 'no' }, 5);
    await db.query(`INSERT INTO runs (id, agent_id, status, metadata, version, created_at, updated_at) VALUES ('run-x', 'agent-1', 'completed', '{"pipeline":"nightly"}', 2, $1, $1)`, [AT]);
    const delivery = (id: string, subjectId: string, url: string, status: string, code: number | null, createdMs: number, endpointId: string | null = null) =>
      db.query(
        `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, last_status_code, subject_completed_at,
                                 created_at, updated_at, endpoint_id)
         VALUES ($1, $2, $3, $4, $5, '{}', $6, 1, $7, $8, $9, $9, $10)`,
        [id, subjectId.slice(0, subjectId.indexOf('-')), subjectId, url, new URL(url).host, status, code, AT, new Date(Date.parse(AT) + createdMs), endpointId],
      );
    await delivery('dlv-1', 'job-alpha-1', 'https://ci.example.com/hooks/done?job=1', 'dead_lettered', 503, 10);
    await delivery('dlv-2', 'job-alpha-2', 'http://ci.example.com/hooks/other', 'succeeded', 200, 20);
    await delivery('dlv-3', 'job-beta', 'https://other.example/hooks', 'retrying', 503, 30, 'ep-1');
    await delivery('dlv-4', 'run-x', 'https://ci.example.com/hooksX', 'succeeded', 200, 40);
    await delivery('dlv-5', 'job-50%_off', 'https://other.example/a_b%c', 'succeeded', 200, 50);
    await delivery('dlv-6', 'job-50xxoff', 'https://other.example/aXbYc', 'succeeded', 200, 60);
    await delivery('dlv-7', 'job-50xxoff', 'HTTPS://CI.Example.com/Hooks/z', 'succeeded', 200, 70, 'ep-2'); // a URL is kept as sent
  });

  /** The list's ids, newest first, and the bulk selection's ids (id order) for the same search. */
  const found = async (search: DeliverySearch) => {
    const listed = (await deliveries.list({ ...search, limit: 100 })).map((row) => row.id);
    const selected = await deliveries.nextSelected(search, new Date('2030-01-01'), null, 100);
    expect(await deliveries.countSelected(search, new Date('2030-01-01'))).toBe(selected.length);
    expect([...listed].sort()).toEqual(selected);
    return selected;
  };

  it('finds deliveries by subject id prefix, its %, _ and \\ meaning themselves', async () => {
    expect(await found({ subject_id_prefix: 'job-alpha' })).toEqual(['dlv-1', 'dlv-2']);
    expect(await found({ subject_id_prefix: 'job-50%_' })).toEqual(['dlv-5']);
    expect(await found({ subject_id_prefix: '%' })).toEqual([]);
    expect(await found({ subject_id_prefix: 'job-50\\' })).toEqual([]);
    expect(await found({ subject_id_prefix: 'run-' })).toEqual(['dlv-4']);
  });

  it('finds deliveries by URL prefix: with or without the scheme, host and path, no wildcards', async () => {
    expect(await found({ url: 'ci.example.com/hooks/' })).toEqual(['dlv-1', 'dlv-2']);
    expect(await found({ url: 'https://ci.example.com/hooks' })).toEqual(['dlv-1', 'dlv-4']);
    expect(await found({ url: 'HTTP://ci.example.com' })).toEqual(['dlv-2']); // scheme and host in any case …
    expect(await found({ url: 'ci.EXAMPLE.com/Hooks/' })).toEqual(['dlv-7']); // … the path as written
    expect(await found({ url: 'other.example/a_b%' })).toEqual(['dlv-5']);
    expect(await found({ url: 'ci.example.com/hooks/done?job=1' })).toEqual(['dlv-1']);
  });

  it("finds deliveries by the last attempt's status code and by the subject's metadata (jobs and runs)", async () => {
    expect(await found({ status_code: 503 })).toEqual(['dlv-1', 'dlv-3']);
    expect(await found({ metadata_key: 'pipeline', metadata_value: 'nightly' })).toEqual(['dlv-1', 'dlv-4']);
    expect(await found({ metadata_key: 'pipeline' })).toEqual(['dlv-1', 'dlv-2', 'dlv-4']);
    expect(await found({ metadata_key: 'n', metadata_value: '42' })).toEqual(['dlv-1', 'dlv-3']); // 42 and "42"
    expect(await found({ metadata_key: 'flag', metadata_value: 'true' })).toEqual(['dlv-5']);
    expect(await found({ metadata_key: 'pipeline', metadata_value: 'nightl' })).toEqual([]); // a value matches whole
    expect(await found({ metadata_key: "it's", metadata_value: '"quoted"' })).toEqual([]);
  });

  it('combines every field (each narrows), with the time window and endpoint', async () => {
    expect(await found({ url: 'ci.example.com', status_code: 503, metadata_key: 'pipeline', metadata_value: 'nightly' })).toEqual(['dlv-1']);
    expect(await found({ subject_id_prefix: 'job-', kind: 'job', since: '2026-12-01T10:00:00.020Z', until: '2026-12-01T10:00:00.050Z' })).toEqual(['dlv-2', 'dlv-3']);
    expect(await found({ endpoint_id: 'ep-1', status_code: 503 })).toEqual(['dlv-3']);
    expect(await found({ host: 'ci.example.com', subject_id_prefix: 'run' })).toEqual(['dlv-4']);
  });

  it('lists jobs and runs by id prefix and metadata key/value', async () => {
    const jobs = new JobsTable(db, new ReadDataSource(db));
    const runs = new RunsTable(db, new ReadDataSource(db));
    const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
    expect(ids(await jobs.list({ idPrefix: 'job-alpha', limit: 10 }))).toEqual(['job-alpha-2', 'job-alpha-1']);
    expect(ids(await jobs.list({ idPrefix: 'job-50%', limit: 10 }))).toEqual(['job-50%_off']);
    expect(ids(await jobs.list({ metadataKey: 'n', metadataValue: '42', limit: 10 }))).toEqual(['job-beta', 'job-alpha-1']);
    expect(ids(await jobs.list({ metadataKey: 'pipeline', status: 'completed', limit: 10 }))).toEqual(['job-alpha-2', 'job-alpha-1']);
    expect(ids(await runs.list({ metadataKey: 'pipeline', metadataValue: 'nightly', agentId: 'agent-1', limit: 10 }))).toEqual(['run-x']);
    expect(ids(await runs.list({ idPrefix: 'job-', limit: 10 }))).toEqual([]);
  });

  it('each search is served by its index (plans with sequential scans turned off, so an unusable index shows)', async () => {
    const plan = (sql: string, params: unknown[]) => planWithoutSeqScans(db, ['deliveries', 'jobs', 'runs'], sql, params);
    expect(await plan(`SELECT id FROM deliveries WHERE subject_id LIKE $1`, ['job-al%'])).toMatch(/deliveries_by_subject_prefix/);
    expect(await plan(`SELECT id FROM deliveries WHERE subject_id = $1`, ['job-beta'])).toMatch(/deliveries_by_subject_prefix/);
    const url = normalisedUrlSql('url');
    expect(await plan(`SELECT id FROM deliveries WHERE left(${url}, 256) LIKE $1 AND ${url} LIKE $1`, ['https://ci.example.com/%'])).toMatch(/deliveries_by_url_prefix/);
    expect(await plan(`SELECT id FROM jobs WHERE id LIKE $1`, ['job-al%'])).toMatch(/jobs_by_id_prefix/);
    expect(await plan(`SELECT id FROM jobs WHERE metadata @> $1`, ['{"pipeline":"nightly"}'])).toMatch(/jobs_by_metadata/);
    expect(await plan(`SELECT id FROM runs WHERE metadata ? $1`, ['pipeline'])).toMatch(/runs_by_metadata/);
  });
});
