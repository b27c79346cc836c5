import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CreatedPosition, PageRequest } from '../../platform/database/keyset-page';
import { ReadDataSource } from '../../platform/database/read-data-source';
import { type ColumnSpec, upsertRows } from '../../platform/database/row-upsert';
import type { PendingWrite, WriteBatch } from '../../platform/database/write-batch';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import type { Metadata } from '../../platform/domain/metadata';
import type { EndpointState } from '../domain/endpoint-state';
import type { EndpointDisabledCause } from '../events/endpoint-events';

/** The failure a fan-out's commit reports when an endpoint changed since it was read. */
export const ENDPOINT_CHANGED = 'an endpoint changed while its events were fanned out';

/** An endpoints row as its projection folds it. */
export interface EndpointRow {
  state: EndpointState;
  version: number;
}

/** An endpoint as the API shows it. */
export interface EndpointRecord {
  id: string;
  url: string;
  destinationHost: string;
  description: string;
  eventTypes: string[] | null;
  enabled: boolean;
  disabledReason: string | null;
  disabledCause: EndpointDisabledCause | null;
  rateLimit: number | null;
  retrySchedule: string | null;
  metadata: Metadata;
  secretRotatedAt: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS: readonly ColumnSpec[] = [
  ['id', 'text'], ['url', 'text'], ['destination_host', 'text'], ['description', 'text'], ['event_types', 'jsonb'], ['enabled', 'boolean'], ['enabled_since', 'timestamptz'],
  ['disabled_reason', 'text'], ['disabled_cause', 'text'], ['rate_limit', 'int'], ['retry_schedule', 'text'], ['metadata', 'jsonb'], ['secret_rotated_at', 'timestamptz'], ['previous_secret_expires_at', 'timestamptz'], ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'], ['deleted_at', 'timestamptz'], ['version', 'int'],
].map(([name, type]) => ({ name, type }));

const SELECTED = `id, url, destination_host AS "destinationHost", description, event_types AS "eventTypes", enabled, disabled_reason AS "disabledReason", disabled_cause AS "disabledCause",
  rate_limit AS "rateLimit", retry_schedule AS "retrySchedule",
  metadata, secret_rotated_at AS "secretRotatedAt", previous_secret_expires_at AS "previousSecretExpiresAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * The endpoints table's SQL: the projection's writes and the API's reads (a deleted endpoint is not found). The
 * GETs read the read connection (a replica when configured); a command reads `findCurrent`, on the primary.
 */
@Injectable()
export class EndpointsTable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadDataSource,
  ) {}

  static upsert(rows: readonly EndpointRow[]): PendingWrite {
    return upsertRows('endpoints', 'id', COLUMNS, rows.map(({ state, version }) => ({
      id: state.id, url: state.url, destination_host: state.destinationHost, description: state.description, event_types: state.eventTypes,
      enabled: state.enabled, enabled_since: state.enabledSince, disabled_reason: state.disabledReason, disabled_cause: state.disabledCause, rate_limit: state.rateLimit, retry_schedule: state.retrySchedule, metadata: state.metadata, secret_rotated_at: state.secretRotatedAt, previous_secret_expires_at: state.previousSecretExpiresAt,
      created_at: state.createdAt, updated_at: state.updatedAt, deleted_at: state.deletedAt, version,
    })));
  }

  /**
   * The unit of work fails (ENDPOINT_CHANGED) unless each endpoint is still at the version it was read at. The rows
   * are share-locked: a change that commits while the unit runs (a pause answered meanwhile) is waited for and seen,
   * where a plain read of the statement's snapshot would miss it and fan an event out past the pause.
   */
  static unchanged(batch: WriteBatch, endpoints: readonly { endpointId: string; version: number }[]): void {
    if (endpoints.length === 0) return;
    batch.writeGuard(
      `SELECT e.id FROM endpoints e JOIN unnest($1::text[], $2::int[]) AS r(id, version) ON e.id = r.id AND e.version = r.version FOR SHARE OF e`,
      [endpoints.map((endpoint) => endpoint.endpointId), endpoints.map((endpoint) => endpoint.version)],
      endpoints.length,
      ENDPOINT_CHANGED,
    );
  }

  /** For a GET, on the read connection. */
  findById(id: string): Promise<EndpointRecord> {
    return this.recordOn(this.reads.dataSource, id);
  }

  /** On the primary: for a command that acts on the endpoint as it is now (its URL, whether it still exists). */
  findCurrent(id: string): Promise<EndpointRecord> {
    return this.recordOn(this.dataSource, id);
  }

  private async recordOn(db: DataSource, id: string): Promise<EndpointRecord> {
    const [row] = await db.query(`SELECT ${SELECTED} FROM endpoints WHERE id = $1 AND deleted_at IS NULL`, [id]);
    if (!row) throw new EntityNotFoundError('endpoint', id);
    return row as EndpointRecord;
  }

  /** Newest first, after the cursor's (created_at, id). For a GET, on the read connection. */
  list({ after, limit }: PageRequest<CreatedPosition>): Promise<EndpointRecord[]> {
    const params: unknown[] = [limit];
    let where = 'deleted_at IS NULL';
    if (after) {
      params.push(after.at, after.id);
      where += ' AND (created_at, id) < ($2, $3)';
    }
    return this.reads.dataSource.query(`SELECT ${SELECTED} FROM endpoints WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $1`, params);
  }
}
