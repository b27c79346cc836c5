import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { fetchNewestFirst, type PageRequest } from '../../platform/database/keyset-page';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import type { DeliveryKind, DeliveryStatus } from '../domain/delivery-kind';
import { DeliveryAttemptRecord } from './delivery-attempt.orm-entity';
import { DeliveryRecord } from './delivery.orm-entity';

export interface DeliveryBacklog {
  pending: number;
  retrying: number;
  delivering: number;
  deadLetters: number;
  oldestDueAgeSeconds: number;
}

export interface DeliveryFilter extends PageRequest {
  status?: DeliveryStatus;
  subjectId?: string;
  kind?: DeliveryKind;
  host?: string;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  until?: Date;
}

/** The deliveries and delivery_attempts tables as the API and the health checks read them. */
@Injectable()
export class DeliveriesTable {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts of unfinished deliveries; reads only the partial index of rows that are not succeeded. */
  async backlog(): Promise<DeliveryBacklog> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'failed' AND next_attempt_at IS NOT NULL)::int AS retrying,
              count(*) FILTER (WHERE status = 'delivering')::int AS delivering,
              count(*) FILTER (WHERE status = 'failed' AND next_attempt_at IS NULL)::int AS "deadLetters",
              coalesce(extract(epoch FROM now() - min(next_attempt_at)
                FILTER (WHERE status IN ('pending', 'failed') AND next_attempt_at <= now())), 0)::float AS "oldestDueAgeSeconds"
         FROM deliveries WHERE status <> 'succeeded'`,
    );
    return row as DeliveryBacklog;
  }

  findByIds(ids: string[]): Promise<DeliveryRecord[]> {
    return this.dataSource.getRepository(DeliveryRecord).findBy({ id: In(ids) });
  }

  async findById(id: string): Promise<DeliveryRecord> {
    const row = await this.dataSource.getRepository(DeliveryRecord).findOneBy({ id });
    if (!row) throw new EntityNotFoundError('delivery', id);
    return row;
  }

  attemptsOf(id: string): Promise<DeliveryAttemptRecord[]> {
    return this.dataSource.getRepository(DeliveryAttemptRecord).find({ where: { deliveryId: id }, order: { number: 'ASC' } });
  }

  list(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    const query = this.dataSource.getRepository(DeliveryRecord).createQueryBuilder('delivery');
    if (filter.status) query.andWhere('delivery.status = :status', { status: filter.status });
    if (filter.subjectId) query.andWhere('delivery.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.kind) query.andWhere('delivery.kind = :kind', { kind: filter.kind });
    if (filter.host) query.andWhere('delivery.destination_host = :host', { host: filter.host });
    if (filter.since) query.andWhere('delivery.created_at >= :since', { since: filter.since });
    if (filter.until) query.andWhere('delivery.created_at < :until', { until: filter.until });
    return fetchNewestFirst(query, filter);
  }
}
