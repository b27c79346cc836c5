import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Transaction } from '../../platform/database/transaction';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { EventStore } from '../../platform/event-store/event-store';
import { Step } from '../domain/step';
import { StepRecord } from './step.orm-entity';

@Injectable()
export class StepRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  async loadForUpdate(trx: Transaction, id: string): Promise<Step> {
    const row = await trx.manager.findOne(StepRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new EntityNotFoundError('step', id);
    const { version, ...state } = row;
    return Step.restore(state, version);
  }

  async save(trx: Transaction, step: Step): Promise<StepRecord> {
    const isNew = step.version === 0;
    const changed = step.hasPendingEvents;
    await this.eventStore.append(trx, 'step', step);
    const record = Object.assign(new StepRecord(), { ...step.snapshot, version: step.version });
    if (isNew) await trx.manager.insert(StepRecord, record);
    else if (changed) {
      const { status, error, updatedAt, completedAt, version } = record;
      await trx.manager.update(StepRecord, { id: record.id }, { status, error, updatedAt, completedAt, version });
    }
    return record;
  }

  async findById(id: string): Promise<StepRecord> {
    const row = await this.dataSource.getRepository(StepRecord).findOneBy({ id });
    if (!row) throw new EntityNotFoundError('step', id);
    return row;
  }

  listByRun(runId: string): Promise<StepRecord[]> {
    return this.dataSource.getRepository(StepRecord).find({ where: { runId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
