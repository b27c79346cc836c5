import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError } from '../domain/domain-error';
import { CommitBatcher } from './commit-batcher';
import { isDeadlock } from './deadlock';
import { isStaleRead, WriteBatch } from './write-batch';
import type { UnitOfWorkSubscriber } from './unit-of-work-subscriber';

const STREAM_VERSION_CONSTRAINT = 'events_stream_version_unique';
const MAX_ATTEMPTS = 10;

/**
 * The one place state changes are committed. A unit of work reads, lets the decider decide, and queues its
 * writes; the writes then commit as one atomic statement. Concurrency is optimistic: every change appends an
 * event with the stream's next version, so two writers of one stream collide on UNIQUE (stream_id, version),
 * and the loser simply runs again on fresh state (where, say, the job is now terminal: an idempotent repeat or
 * a 409). Events reach the in-process EventBus only after the commit. A unit that read a cached row and
 * then changed nothing, or refused, runs once more on rows read from the database. Under load, units ready at
 * the same time commit together (CommitBatcher), each still all-or-nothing.
 */
@Injectable()
export class UnitOfWork {
  private readonly subscribers: UnitOfWorkSubscriber[] = [];
  private readonly collisionConstraints = new Set([STREAM_VERSION_CONSTRAINT]);
  private readonly commits: CommitBatcher;

  constructor(dataSource: DataSource, private readonly eventBus: EventBus) {
    this.commits = new CommitBatcher(dataSource);
  }

  registerSubscriber(subscriber: UnitOfWorkSubscriber): void {
    this.subscribers.push(subscriber);
    for (const constraint of subscriber.collisionConstraints ?? []) this.collisionConstraints.add(constraint);
  }

  async run<T>(work: (batch: WriteBatch) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const batch = new WriteBatch(attempt);
      let result: T;
      try {
        result = await work(batch);
        if (!batch.hasWrites && batch.readCachedState && attempt < MAX_ATTEMPTS) {
          // A no-op decided on a cached row proves nothing (another replica may have moved on): decide again
          // on the stored row. A change needs no such check: a stale version collides at commit.
          batch.rollback();
          continue;
        }
        // Subscribers see every event of the unit, including those another subscriber added (a cascade's, say).
        for (let seen = 0; seen < batch.events.length; ) {
          const fresh = batch.events.slice(seen);
          seen = batch.events.length;
          for (const subscriber of this.subscribers) await subscriber.beforeCommit(batch, fresh);
        }
        if (batch.hasWrites) await this.commits.commit(batch);
      } catch (error) {
        batch.rollback();
        // A refusal decided on a cached row is likewise re-decided on the stored one.
        if (!this.isConcurrentStreamChange(error) && !(batch.readCachedState && attempt < MAX_ATTEMPTS)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new DomainError('conflict', 'the entity is being changed concurrently; retry');
        continue;
      }
      // Committed: nothing from here on may send the unit round again (a second create, say).
      batch.committed();
      if (batch.events.length > 0) this.eventBus.publishAll(batch.events);
      return result;
    }
  }

  /**
   * Another writer got there first: a collision on a stream's version, a stream it appended to purged, or a deadlock
   * PostgreSQL broke by aborting this unit (with a purge taking the same old rows in another order, say).
   */
  private isConcurrentStreamChange(error: unknown): boolean {
    const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
    return isStaleRead(error) || isDeadlock(error) || (code === '23505' && this.collisionConstraints.has(constraint ?? ''));
  }
}
