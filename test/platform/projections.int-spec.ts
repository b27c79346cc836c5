import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { JOB_DECIDER } from '../../src/jobs/domain/job-decider';
import { JobsTable } from '../../src/jobs/persistence/jobs.table';
import { LifecycleProjection } from '../../src/lifecycle/lifecycle.projection';
import { preparedQuery } from '../../src/platform/database/prepared-query';
import { WriteBatch } from '../../src/platform/database/write-batch';
import type { Projection } from '../../src/platform/projections/projection';
import type { RecordedEvent } from '../../src/platform/domain/recorded-event';
import { RUN_DECIDER } from '../../src/runs/domain/run-decider';
import { RunsTable } from '../../src/runs/persistence/runs.table';
import { STEP_DECIDER } from '../../src/steps/domain/step-decider';
import { StepProjection } from '../../src/steps/persistence/step.projection';
import { run } from '../support/decider-harness';
import { openTestDatabase, resetDatabase } from '../support/database';

const t0 = new Date('2026-12-01T10:00:00.000Z');
const t1 = new Date('2026-12-01T10:00:01.000Z');

/** The projections' SQL (the live upsert of one row, the rebuild's of many) on PostgreSQL, without the app. */
describe('the jobs, runs and steps projections on PostgreSQL', () => {
  let db: DataSource;
  const jobs = new LifecycleProjection('job', JOB_DECIDER, new JobsTable());
  const runs = new LifecycleProjection('run', RUN_DECIDER, new RunsTable());
  const steps = new StepProjection();
  beforeAll(async () => (db = await openTestDatabase()));
  afterAll(() => db.destroy());
  beforeEach(() => resetDatabase(db));

  /** Folds the events with the projection and commits its writes the way the unit of work does. */
  const project = async <Row>(projection: Projection<Row>, streams: RecordedEvent[][], before: (Row | undefined)[] = []) => {
    const changes = streams.map((events, index) => ({
      before: before[index],
      after: events.reduce<Row | undefined>((row, event) => projection.evolve(row, event), before[index])!,
    }));
    const unit = new WriteBatch();
    for (const write of projection.store(changes)) unit.write(write.sql, write.params, write.rows);
    const { sql, params } = WriteBatch.compileTogether([unit]);
    await preparedQuery(db, sql, params);
    return changes.map((change) => change.after);
  };
  const job = (id: string, ...commands: object[]) =>
    run(JOB_DECIDER, [{ type: 'create', id, callbackUrl: 'https://x.example/cb', metadata: { a: 1 }, now: t0 }, ...(commands as never[])]).events;

  it('writes a job row as its stream says, and puts back a row edited or deleted by hand, leaving callback_* alone', async () => {
    const created = job('job-1');
    const [row] = await project(jobs, [created]);
    await db.query(`UPDATE jobs SET status = 'completed', metadata = '{}', callback_status_code = 204, callback_error = 'kept' WHERE id = 'job-1'`);
    const later = run(JOB_DECIDER, [{ type: 'update', id: 'job-1', status: 'running', metadata: { b: 2 }, now: t1 }], { state: row.state, events: created, last: [] }).last;
    await project(jobs, [later], [row]);
    expect(await db.query(`SELECT id, status, metadata, callback_url, version, created_at, updated_at, completed_at, callback_status_code, callback_error FROM jobs`)).toEqual([
      { id: 'job-1', status: 'running', metadata: { a: 1, b: 2 }, callback_url: 'https://x.example/cb', version: 3, created_at: t0, updated_at: t1, completed_at: null, callback_status_code: 204, callback_error: 'kept' },
    ]);
    await db.query(`DELETE FROM jobs`);
    await project(jobs, [later], [row]);
    expect(await db.query(`SELECT status, metadata, version, callback_status_code FROM jobs`)).toEqual([{ status: 'running', metadata: { a: 1, b: 2 }, version: 3, callback_status_code: null }]);
  });

  it('writes many rows in one statement (the rebuild), each as its whole stream says, agent_id included for runs', async () => {
    await project(jobs, [job('job-1'), job('job-2', { type: 'update', id: 'job-2', status: 'failed', now: t1 })]);
    const runEvents = run(RUN_DECIDER, [{ type: 'create', id: 'run-1', agentId: 'agent-7', callbackUrl: null, metadata: {}, now: t0 }, { type: 'addStep', id: 'run-1', stepId: 'step-1', now: t1 }]).events;
    const stepEvents = run(STEP_DECIDER, [{ type: 'create', stepId: 'step-1', runId: 'run-1', metadata: { n: 1 }, now: t0 }, { type: 'complete', stepId: 'step-1', status: 'failed', error: 'boom', now: t1 }]).events;
    await project(runs, [runEvents, run(RUN_DECIDER, [{ type: 'create', id: 'run-2', agentId: null, callbackUrl: null, metadata: {}, now: t0 }]).events]);
    await project(steps, [stepEvents, run(STEP_DECIDER, [{ type: 'create', stepId: 'step-2', runId: 'run-1', metadata: {}, now: t0 }]).events]);
    expect(await db.query(`SELECT id, status, version, completed_at FROM jobs ORDER BY id`)).toEqual([
      { id: 'job-1', status: 'created', version: 1, completed_at: null },
      { id: 'job-2', status: 'failed', version: 2, completed_at: t1 },
    ]);
    expect(await db.query(`SELECT id, agent_id, status, version, updated_at FROM runs ORDER BY id`)).toEqual([
      { id: 'run-1', agent_id: 'agent-7', status: 'created', version: 2, updated_at: t1 },
      { id: 'run-2', agent_id: null, status: 'created', version: 1, updated_at: t0 },
    ]);
    expect(await db.query(`SELECT id, run_id, status, error, metadata, version, completed_at FROM steps ORDER BY id`)).toEqual([
      { id: 'step-1', run_id: 'run-1', status: 'failed', error: 'boom', metadata: { n: 1 }, version: 2, completed_at: t1 },
      { id: 'step-2', run_id: 'run-1', status: 'pending', error: null, metadata: {}, version: 1, completed_at: null },
    ]);
  });

  it('a unit of work refuses to write one row twice (PostgreSQL would keep one of two sibling writes)', () => {
    const unit = new WriteBatch();
    const [write] = jobs.store([{ before: undefined, after: jobs.evolve(undefined, job('job-1')[0])! }]);
    unit.write(write.sql, write.params, write.rows);
    expect(() => unit.write(write.sql, write.params, write.rows)).toThrow('two writes of jobs:job-1 in one unit of work: PostgreSQL would keep only one');
  });
});
