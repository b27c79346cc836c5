import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WriteBatch } from '../../platform/database/write-batch';

/** The failure a fan-out's commit reports when another replica moved an endpoint's cursor first. */
export const CURSOR_MOVED = 'another replica fanned these events out first';

/** Where a page of cursors ended: the next page starts after it. */
export interface CursorKey {
  position: string;
  endpointId: string;
}

/** An endpoint the fan-out serves, where it stands in the feed, and what it subscribed to. */
export interface FanOutTarget {
  endpointId: string;
  position: string;
  url: string;
  destinationHost: string;
  eventTypes: string[] | null;
  retrySchedule: string | null;
  rateLimit: number | null;
  /** The endpoint's version as read: the fan-out's unit commits only if it is still the same (say, its URL). */
  version: number;
}

/**
 * endpoint_cursors: how far each endpoint's fan-out got in the global feed (the sequence of the last event it
 * considered) — bookkeeping of the fan-out, like a lease, not a fact of the log. It moves in the unit of work that
 * schedules the deliveries of the events it passes, under a guard on where it was, so two replicas never fan one
 * event out twice.
 */
@Injectable()
export class EndpointCursorsTable {
  constructor(private readonly dataSource: DataSource) {}

  static start(batch: WriteBatch, endpointId: string, position: string): void {
    // An idempotent create's repeat collides on its stream, and runs again as a replay: the row is the first one's.
    batch.write(`INSERT INTO endpoint_cursors (endpoint_id, position) VALUES ($1, $2) ON CONFLICT (endpoint_id) DO NOTHING`, [endpointId, position], [`endpoint_cursors:${endpointId}`]);
  }

  /** Moves cursors from where they were read to `to`; the unit fails (CURSOR_MOVED) if any was moved meanwhile. */
  static advance(batch: WriteBatch, moves: readonly { endpointId: string; from: string; to: string }[]): void {
    if (moves.length === 0) return;
    batch.writeGuard(
      `UPDATE endpoint_cursors c SET position = m.to_position FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS m(endpoint_id, from_position, to_position)
        WHERE c.endpoint_id = m.endpoint_id AND c.position = m.from_position RETURNING c.endpoint_id`,
      [moves.map((move) => move.endpointId), moves.map((move) => move.from), moves.map((move) => move.to)],
      moves.length,
      CURSOR_MOVED,
      moves.map((move) => `endpoint_cursors:${move.endpointId}`),
    );
  }

  async anyEnabled(): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM endpoints WHERE enabled AND deleted_at IS NULL) AS any`);
    return row.any;
  }

  /**
   * The first `limit` enabled endpoints by position, furthest behind first: read beside the horizon (not after it),
   * so the caller keeps those behind it — the ones at or past it sort last, so none behind is left out. `after`
   * pages on past a page whose endpoints could not move (held at an event not yet readable), so none starves.
   */
  async furthestBehind(limit: number, after?: CursorKey): Promise<FanOutTarget[]> {
    return this.dataSource.query(
      `SELECT c.endpoint_id AS "endpointId", c.position::text AS position, e.url, e.destination_host AS "destinationHost", e.event_types AS "eventTypes",
              e.retry_schedule AS "retrySchedule", e.rate_limit AS "rateLimit", e.version
         FROM endpoint_cursors c JOIN endpoints e ON e.id = c.endpoint_id
        WHERE e.enabled AND e.deleted_at IS NULL ${after ? 'AND (c.position, c.endpoint_id) > ($2::bigint, $3)' : ''}
        ORDER BY c.position, c.endpoint_id LIMIT $1`,
      after ? [limit, after.position, after.endpointId] : [limit],
    );
  }
}
