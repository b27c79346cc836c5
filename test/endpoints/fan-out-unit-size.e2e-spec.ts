import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { EventStore } from '../../src/platform/event-store/event-store';
import { openTestDatabase, resetDatabase } from '../support/database';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { productionNodeFlags, startService, type ServiceProcess } from '../support/service-process';

const JOBS = 600;
const METADATA = { blob: 'x'.repeat(60_000) }; // within the 64 KiB a job's metadata may hold

/**
 * Regression guard for a review finding, fixed the same day (availability): a fan-out unit holds up to DELIVERIES_PER_UNIT = 2000 deliveries whatever their size, and
 * every envelope carries the job's metadata (up to 64 KiB) twice over (the DeliveryScheduled event's data and the
 * deliveries row, each JSON-encoded into one statement). Three endpoints created with `since: 0` over a log of
 * 600 jobs with large metadata make a unit of 1,000–1,500 such deliveries: the service (production flags,
 * --max-old-space-size=256) dies of heap exhaustion in the pass — and again at every restart, since the cursors
 * never moved: every replica crash-loops until someone deletes the endpoints by hand in the database.
 */
describe('a backfill of large completions', () => {
  let db: DataSource;
  let service: ServiceProcess | undefined;
  let receiver: Receiver;
  beforeAll(async () => {
    db = await openTestDatabase();
    await resetDatabase(db);
    receiver = await Receiver.start();
    // The log: JOBS completed jobs with large metadata (their rows carry it; the envelope reads it from there).
    const ids = Array.from({ length: JOBS }, () => `job-${randomUUID()}`);
    const at = new Date();
    await db.query(
      `INSERT INTO jobs (id, status, metadata, version, created_at, updated_at, completed_at)
       SELECT id, 'completed', $2::jsonb, 2, $3, $3, $3 FROM unnest($1::text[]) AS j(id)`,
      [ids, JSON.stringify(METADATA), at],
    );
    const unitOfWork = new UnitOfWork(db, { publishAll: () => undefined } as unknown as EventBus);
    const eventStore = new EventStore(db, EVENT_SCHEMAS);
    for (let i = 0; i < ids.length; i += 100) {
      await unitOfWork.run(async (batch) =>
        eventStore.appendNew(batch, ids.slice(i, i + 100).map((id) => ({
          streamId: id, streamType: 'job', version: 2, type: 'JobCompleted', data: { job_id: id, status: 'completed', completed_at: at.toISOString() }, occurredAt: at,
        }))),
      );
    }
    service = await startService({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true' }, productionNodeFlags());
  }, 120_000);
  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await receiver.stop();
    await db.destroy();
  });

  it('backfills three endpoints from sequence 0 without the service dying', async () => {
    const call = (method: string, path: string, body: object) =>
      fetch(`${service!.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((answer) => answer.json() as Promise<{ id: string }>);
    const endpoints = [];
    for (let k = 0; k < 3; k++) endpoints.push(await call('POST', '/v1/endpoints', { url: receiver.url(`/e${k}`), since: 0, enabled: false }));
    await Promise.all(endpoints.map((endpoint) => call('PATCH', `/v1/endpoints/${endpoint.id}`, { enabled: true })));
    const outcome = await Promise.race([
      service!.exited.then((code) => `service exited (${code}): ${/heap out of memory/.test(service!.output()) ? 'JavaScript heap out of memory' : service!.output().slice(-300)}`),
      eventually(async () => {
        const [{ behind }] = await db.query(`SELECT count(*)::int AS behind FROM endpoint_cursors WHERE position < (SELECT max(sequence) FROM events WHERE type = 'JobCompleted')`);
        return behind === 0 && 'every cursor past the last completion';
      }, { timeoutMs: 100_000, what: 'the backfill' }), // ~20 s on a quiet machine; a loaded one takes far longer
    ]);
    expect(outcome).toBe('every cursor past the last completion');
  }, 150_000);
});
