import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReadDataSource } from '../../platform/database/read-data-source';
import type { WriteBatch } from '../../platform/database/write-batch';

export interface ResponseBody {
  deliveryId: string;
  attempt: number;
  body: string;
  recordedAt: Date;
}

/**
 * What receivers answered, by delivery and attempt number: kept beside the log (not in an attempt's event) because
 * it comes from outside and is kept for a shorter time than the history (RESPONSE_BODY_RETENTION). Written with the
 * attempt's event in its unit of work; the attempt log shows it while it is kept. Retention purges it
 * (src/retention, whose SQL deletes across the tables).
 */
@Injectable()
export class ResponseBodiesTable {
  constructor(private readonly reads: ReadDataSource) {}

  static insert(batch: WriteBatch, bodies: readonly ResponseBody[]): void {
    if (bodies.length === 0) return;
    batch.write(
      `INSERT INTO response_bodies (delivery_id, attempt, body, recorded_at)
            SELECT delivery_id, attempt, body, recorded_at
              FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id text, attempt int, body text, recorded_at timestamptz)
            ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [JSON.stringify(bodies.map(({ deliveryId, attempt, body, recordedAt }) => ({ delivery_id: deliveryId, attempt, body, recorded_at: recordedAt })))],
      bodies.map(({ deliveryId, attempt }) => `response_bodies:${deliveryId}:${attempt}`),
    );
  }

  /** A delivery's bodies still kept, by attempt number (for a GET: on the read connection, or in the GET's own snapshot `db`). */
  async of(deliveryId: string, db: Pick<EntityManager, 'query'> = this.reads.dataSource): Promise<Map<number, string>> {
    const rows: { attempt: number; body: string }[] = await db.query(
      `SELECT attempt, body FROM response_bodies WHERE delivery_id = $1`,
      [deliveryId],
    );
    return new Map(rows.map(({ attempt, body }) => [attempt, body]));
  }
}
