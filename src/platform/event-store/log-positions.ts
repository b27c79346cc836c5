import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * How far ahead of the database's clock a process's stamps (occurred_at) may run and the search below stay exact:
 * clocks kept by NTP are milliseconds apart; the margin only costs the forward walk that much more of the log.
 */
export const STAMP_AHEAD_MARGIN_MS = 60_000;

/**
 * The first event (lowest sequence) whose row was inserted at or after $1 by recorded_at, found by a binary search
 * over the sequence, one primary-key probe per step (about 25 on 40 million events) however long the log is. Rows
 * written before recorded_at existed (NULL) count as earlier than any time. Each step probes the first event at or
 * after the middle (sequences have gaps: purges, rolled-back units). Answers `found` (none: past the log's end) and
 * whether the event just before it has no recorded_at (`unrecordedBefore`).
 */
export const FIRST_RECORDED_AT_OR_AFTER_SQL = `
  WITH RECURSIVE search(lo, hi) AS (
    SELECT coalesce((SELECT min(sequence) FROM events), 1), coalesce((SELECT max(sequence) FROM events), 0) + 1
    UNION ALL
    SELECT CASE WHEN p.sequence IS NULL OR p.sequence >= s.hi OR p.recorded_at >= $1 THEN s.lo ELSE p.sequence + 1 END,
           CASE WHEN p.sequence IS NULL OR p.sequence >= s.hi OR p.recorded_at >= $1 THEN (s.lo + s.hi) / 2 ELSE s.hi END
      FROM search s
      LEFT JOIN LATERAL (SELECT sequence, recorded_at FROM events WHERE sequence >= (s.lo + s.hi) / 2 ORDER BY sequence LIMIT 1) p ON true
     WHERE s.lo < s.hi
  )
  SELECT f.sequence::text AS found,
         (SELECT recorded_at IS NULL FROM events WHERE sequence < f.sequence ORDER BY sequence DESC LIMIT 1) AS "unrecordedBefore"
    FROM (SELECT min(hi) AS sequence FROM search) f`;

/** Just before the first event at or after $2 (by sequence) stamped at or after $1; null if none is. */
export const BEFORE_FIRST_STAMPED_FROM_SQL = `SELECT (sequence - 1)::text AS position FROM events WHERE sequence >= $2 AND occurred_at >= $1 ORDER BY sequence LIMIT 1`;

const LAST_SEQUENCE_SQL = `SELECT coalesce(max(sequence), 0)::text AS position FROM events`;

/** Places in the global feed named otherwise than by a sequence: the end of the log, or a time. */
@Injectable()
export class LogPositions {
  constructor(private readonly dataSource: DataSource) {}

  /** The last sequence taken (committed or not). */
  async last(): Promise<string> {
    const [row] = await this.dataSource.query(LAST_SEQUENCE_SQL);
    return row.position;
  }

  /**
   * Just before the first event stamped at or after `at` (the end of the log when none is). Stamps are not in
   * commit order — a unit is stamped before it waits for its connection, and re-runs with its stamp — so the last
   * event stamped before `at` could skip one. But a stamp is never later than its row's insert (beyond
   * STAMP_AHEAD_MARGIN_MS of clock difference), and recorded_at ascends with the sequence: no event inserted before
   * `at` less the margin is stamped at or after `at`. So the walk by stamp starts there, found by a binary search,
   * instead of at the log's start; only a time before recorded_at existed walks from the start.
   */
  async beforeFirstStampedAtOrAfter(at: Date): Promise<string> {
    const [search] = await this.dataSource.query(FIRST_RECORDED_AT_OR_AFTER_SQL, [new Date(at.getTime() - STAMP_AHEAD_MARGIN_MS)]);
    const from = search.found === null || search.unrecordedBefore === true ? '0' : search.found;
    const [row] = await this.dataSource.query(BEFORE_FIRST_STAMPED_FROM_SQL, [at, from]);
    return row?.position ?? this.last();
  }
}
