/** The finished entities retention walks: jobs alone, runs with their steps. */
export type RootTable = 'jobs' | 'runs';

/**
 * One statement that picks the next page of finished roots (oldest first, after a keyset cursor), keeps those
 * that may go, and deletes them whole: the roots, the steps of a run, every delivery of any of them with its
 * attempts, response bodies and lease row, and all their streams' events. Everything is decided on one snapshot.
 *
 * A root stays if anything of it is younger than the cutoff ($1) or unfinished: the root changed since (metadata),
 * a step not finished, a delivery with an attempt planned or under a lease, or touched since (a redelivery); or
 * if any of its events is past an enabled endpoint's fan-out cursor (that endpoint has not been offered it yet). A
 * paused or disabled endpoint does not hold history back: what it was not offered before RETENTION is purged.
 *
 * $1 cutoff, $2/$3 the keyset cursor (completed_at, id), $4 page size.
 */
export function purgeFinishedSql(table: RootTable): string {
  const runs = table === 'runs';
  return `
    WITH page AS (
      SELECT id, completed_at FROM ${table}
       WHERE completed_at IS NOT NULL AND completed_at < $1 AND (completed_at, id) > ($2::timestamptz, $3::text)
       ORDER BY completed_at, id LIMIT $4
    ),
    fan_out AS (
      SELECT coalesce(min(c.position), 9223372036854775807) AS position
        FROM endpoint_cursors c JOIN endpoints e ON e.id = c.endpoint_id
       WHERE e.enabled AND e.deleted_at IS NULL
    ),
    subjects AS (
      SELECT p.id AS root, p.id AS subject FROM page p
      ${runs ? 'UNION ALL SELECT s.run_id, s.id FROM steps s JOIN page p ON s.run_id = p.id' : ''}
    ),
    blocked AS (
      SELECT DISTINCT sub.root FROM subjects sub
       WHERE EXISTS (SELECT 1 FROM ${table} r WHERE r.id = sub.root AND r.updated_at >= $1)
          ${runs ? 'OR EXISTS (SELECT 1 FROM steps s WHERE s.id = sub.subject AND (s.completed_at IS NULL OR s.updated_at >= $1))' : ''}
          OR EXISTS (SELECT 1 FROM deliveries d WHERE d.subject_id = sub.subject
                        AND (d.next_attempt_at IS NOT NULL OR d.updated_at >= $1
                             OR EXISTS (SELECT 1 FROM delivery_leases l WHERE l.delivery_id = d.id AND l.token IS NOT NULL)))
          OR (SELECT max(e.sequence) FROM events e WHERE e.stream_id = sub.subject) > (SELECT position FROM fan_out)
    ),
    doomed AS (SELECT root, subject FROM subjects WHERE root NOT IN (SELECT root FROM blocked)),
    doomed_deliveries AS (SELECT d.id FROM deliveries d JOIN doomed ON d.subject_id = doomed.subject),
    gone_events AS (
      DELETE FROM events WHERE stream_id IN (SELECT subject FROM doomed UNION ALL SELECT id FROM doomed_deliveries)
      RETURNING sequence, stream_id
    ),
    gone_attempts AS (DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM doomed_deliveries)),
    gone_bodies AS (DELETE FROM response_bodies WHERE delivery_id IN (SELECT id FROM doomed_deliveries)),
    gone_leases AS (DELETE FROM delivery_leases WHERE delivery_id IN (SELECT id FROM doomed_deliveries)),
    gone_deliveries AS (DELETE FROM deliveries WHERE id IN (SELECT id FROM doomed_deliveries) RETURNING 1),
    gone_steps AS (${runs ? 'DELETE FROM steps WHERE id IN (SELECT subject FROM doomed WHERE subject <> root) RETURNING 1' : 'SELECT 1 WHERE false'}),
    gone_roots AS (DELETE FROM ${table} WHERE id IN (SELECT root FROM doomed) RETURNING 1)
    SELECT (SELECT count(*) FROM page)::int AS "pageSize",
           (SELECT completed_at FROM page ORDER BY completed_at DESC, id DESC LIMIT 1) AS "lastCompletedAt",
           (SELECT id FROM page ORDER BY completed_at DESC, id DESC LIMIT 1) AS "lastId",
           (SELECT count(*) FROM gone_roots)::int AS roots,
           (SELECT count(*) FROM gone_steps)::int AS steps,
           (SELECT count(*) FROM gone_deliveries)::int AS deliveries,
           (SELECT count(*) FROM gone_events)::int AS events,
           (SELECT max(sequence) FROM gone_events)::text AS "throughSequence",
           (SELECT coalesce(array_agg(DISTINCT stream_id), '{}') FROM gone_events) AS streams,
           (SELECT coalesce(array_agg(subject), '{}') FROM doomed) AS subjects`;
}

/**
 * Anything of the purged left, seen after the delete (a new snapshot): an event of a purged stream (a command appended
 * to it while the purge waited for its lock), or a delivery of a purged subject (the endpoint fan-out scheduled one).
 */
export const LEFT_OF_PURGED_SQL = `
  SELECT stream_id AS id FROM events WHERE stream_id = ANY($1::text[])
  UNION ALL SELECT subject_id FROM deliveries WHERE subject_id = ANY($2::text[])
  LIMIT 1`;

/** Up to $2 of the oldest response bodies recorded before $1, deleted (reads the age index only). */
export const PURGE_RESPONSE_BODIES_SQL = `
  DELETE FROM response_bodies
   WHERE (delivery_id, attempt) IN (SELECT delivery_id, attempt FROM response_bodies WHERE recorded_at < $1 ORDER BY recorded_at LIMIT $2)
  RETURNING 1`;

