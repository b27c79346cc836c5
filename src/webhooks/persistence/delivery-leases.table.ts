import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../platform/database/prepared-query';
import type { WriteBatch } from '../../platform/database/write-batch';
import type { ClaimedDelivery, DueClaim } from '../dispatch/delivery-queue';

export interface HeldLease {
  deliveryId: string;
  token: string;
}

/** The failure a commit reports when an attempt's lease was taken over (isPreconditionFailure). */
export const LEASE_LOST = 'the lease on the delivery was lost';

const CLAIMED_COLUMNS = `d.id, d.kind, d.subject_id AS "subjectId", d.url, d.destination_host AS "destinationHost",
  d.payload, l.attempt AS "attemptCount", l.token AS "leaseToken", d.subject_completed_at AS "subjectCompletedAt",
  d.endpoint_id AS "endpointId", e.retry_schedule AS "retrySchedule", e.rate_limit AS "rateLimit"`;

/** An endpoint's deliveries wait while it is paused or deleted (held, not dropped). */
const ENDPOINT_ENABLED = `(d.endpoint_id IS NULL OR EXISTS (SELECT 1 FROM endpoints e WHERE e.id = d.endpoint_id AND e.enabled AND e.deleted_at IS NULL))`;

/** No live lease: never held, released, or expired (its holder died or is too late). */
const UNLEASED = `NOT EXISTS (SELECT 1 FROM delivery_leases l WHERE l.delivery_id = d.id AND l.expires_at > now())`;

/**
 * The candidates whose lease row no one else has locked. A result being recorded ends its lease (locking that row)
 * before it writes the delivery's row, while a claim locks the delivery's row first: a claim that waited for the
 * lease row could deadlock with it, so it leaves such a delivery alone (it is not due once the result is in).
 */
const FREE = `held AS (
         SELECT l.delivery_id FROM delivery_leases l WHERE l.delivery_id IN (SELECT id FROM candidates) FOR UPDATE SKIP LOCKED
       ), free AS (
         SELECT c.* FROM candidates c
          WHERE c.id IN (SELECT delivery_id FROM held) OR NOT EXISTS (SELECT 1 FROM delivery_leases l WHERE l.delivery_id = c.id)
       )`;

/** The rest of a claim: a lease on each chosen delivery for its next attempt (unless one appeared meanwhile). */
function leaseChosen(token: string, leaseMs: string): string {
  return `leased AS (
       INSERT INTO delivery_leases (delivery_id, token, attempt, expires_at)
       SELECT id, ${token}, attempt_count + 1, now() + ${leaseMs} * interval '1 millisecond' FROM chosen
       -- A lease that expired while held was an attempt that never reported: it counts, as it did for the receiver.
       ON CONFLICT (delivery_id) DO UPDATE
          SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at,
              attempt = CASE WHEN delivery_leases.token IS NULL THEN EXCLUDED.attempt
                             ELSE greatest(delivery_leases.attempt + 1, EXCLUDED.attempt) END
        WHERE delivery_leases.expires_at <= now()
       RETURNING delivery_id, token, attempt
     )
     SELECT ${CLAIMED_COLUMNS} FROM leased l JOIN deliveries d ON d.id = l.delivery_id LEFT JOIN endpoints e ON e.id = d.endpoint_id`;
}

/**
 * Leases due deliveries: $1 limit, $2 lease ms, $3 saturated hosts, $4 per-host limit, $5 busy hosts (JSON), $6 token,
 * $7 candidates looked at. The due callbacks and each enabled endpoint's due deliveries are read apart, each from its
 * own index: a paused or disabled endpoint's deliveries (held, however many: days of a dead receiver's) are never
 * read, instead of being walked past by every claim. An endpoint's deliveries go to its one host: it offers at most $4.
 */
export const CLAIM_DUE_SQL = `WITH callbacks AS (
         SELECT d.id, d.destination_host, d.next_attempt_at, d.attempt_count FROM deliveries d
          WHERE d.endpoint_id IS NULL AND d.next_attempt_at <= now() AND NOT (d.destination_host = ANY($3)) AND ${UNLEASED}
          ORDER BY d.next_attempt_at LIMIT $7 FOR UPDATE OF d SKIP LOCKED
       ), of_endpoints AS (
         SELECT due.* FROM endpoints e CROSS JOIN LATERAL (
           SELECT d.id, d.destination_host, d.next_attempt_at, d.attempt_count FROM deliveries d
            WHERE d.endpoint_id = e.id AND d.next_attempt_at <= now() AND NOT (d.destination_host = ANY($3)) AND ${UNLEASED}
            ORDER BY d.next_attempt_at LIMIT $4 FOR UPDATE OF d SKIP LOCKED
         ) due
          WHERE e.enabled AND e.deleted_at IS NULL
       ), candidates AS (
         SELECT * FROM callbacks UNION ALL SELECT * FROM of_endpoints
       ), ${FREE}, chosen AS (
         SELECT id, attempt_count FROM (
           SELECT id, attempt_count, next_attempt_at,
                  row_number() OVER (PARTITION BY destination_host ORDER BY next_attempt_at) AS position,
                  $4 - coalesce(($5::jsonb ->> destination_host)::int, 0) AS host_room
             FROM free) ranked
          WHERE position <= host_room
          ORDER BY next_attempt_at LIMIT $1
       ), ${leaseChosen('$6', '$2')}`;

/**
 * delivery_leases: who may attempt a delivery now — operational bookkeeping, not a fact of the log. A lease is
 * taken by a claim (or written with the delivery when its own process starts it), ends when its attempt's result
 * is recorded (a guard in the same statement: a taken-over lease records nothing), and is given back untried as a
 * hold of `delayMs`. The token fences a late result from a lease that expired and was taken over.
 */
@Injectable()
export class DeliveryLeasesTable {
  constructor(private readonly dataSource: DataSource) {}

  /** Leases written with the deliveries they hold, in the unit of work that schedules them. */
  static queue(batch: WriteBatch, leases: readonly (HeldLease & { attempt: number; expiresAt: Date })[]): void {
    if (leases.length === 0) return;
    batch.write(
      `INSERT INTO delivery_leases (delivery_id, token, attempt, expires_at)
       SELECT delivery_id, token, attempt, expires_at FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id text, token uuid, attempt int, expires_at timestamptz)`,
      [JSON.stringify(leases.map(({ deliveryId, token, attempt, expiresAt }) => ({ delivery_id: deliveryId, token, attempt, expires_at: expiresAt })))],
      leases.map((lease) => `delivery_leases:${lease.deliveryId}`),
    );
  }

  /** Ends the leases an attempt result is recorded under; the unit of work fails (LEASE_LOST) unless every one was still held. */
  static end(batch: WriteBatch, leases: readonly HeldLease[]): void {
    batch.writeGuard(
      `DELETE FROM delivery_leases l USING unnest($1::text[], $2::uuid[]) AS h(delivery_id, token)
        WHERE l.delivery_id = h.delivery_id AND l.token = h.token RETURNING l.delivery_id`,
      [leases.map((lease) => lease.deliveryId), leases.map((lease) => lease.token)],
      leases.length,
      LEASE_LOST,
      leases.map((lease) => `delivery_leases:${lease.deliveryId}`),
    );
  }

  /** Which of these leases are still held under their token (expired or not: a result may still end it). */
  async stillHeld(leases: readonly HeldLease[]): Promise<Set<string>> {
    const rows: { delivery_id: string }[] = await this.dataSource.query(
      `SELECT l.delivery_id FROM delivery_leases l JOIN unnest($1::text[], $2::uuid[]) AS h(delivery_id, token)
          ON l.delivery_id = h.delivery_id AND l.token = h.token`,
      [leases.map((lease) => lease.deliveryId), leases.map((lease) => lease.token)],
    );
    return new Set(rows.map((row) => row.delivery_id));
  }

  /** Which of these deliveries have an attempt under way now (a lease held and not expired). */
  async heldAmong(ids: readonly string[]): Promise<Set<string>> {
    const rows: { delivery_id: string }[] = await this.dataSource.query(
      `SELECT delivery_id FROM delivery_leases WHERE delivery_id = ANY($1) AND token IS NOT NULL AND expires_at > now()`,
      [ids],
    );
    return new Set(rows.map((row) => row.delivery_id));
  }

  /** Whether an attempt of the delivery is under way now (a lease held and not expired). */
  async isHeld(id: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT 1 FROM delivery_leases WHERE delivery_id = $1 AND token IS NOT NULL AND expires_at > now()`, [id]);
    return row !== undefined;
  }

  /**
   * Leases up to `limit` due deliveries (or ones whose lease expired), at most `perHostLimit` in flight per
   * destination host counting `busyHosts`. SKIP LOCKED lets replicas claim side by side. One statement (CLAIM_DUE_SQL).
   */
  claimDue(request: DueClaim): Promise<ClaimedDelivery[]> {
    const { limit, leaseMs, perHostLimit, busyHosts } = request;
    const saturated = Object.keys(busyHosts).filter((host) => busyHosts[host] >= perHostLimit);
    const params: unknown[] = [limit, leaseMs, saturated, perHostLimit, JSON.stringify(busyHosts), randomUUID(), Math.min(4 * limit, 1000)];
    return preparedQuery<ClaimedDelivery>(
      this.dataSource,
      CLAIM_DUE_SQL,
      params,
    );
  }

  /** Leases one delivery by its key if it is due and unleased (SKIP LOCKED: a claim under way elsewhere wins). */
  async claimById(id: string, leaseMs: number): Promise<ClaimedDelivery | undefined> {
    const [claimed] = await preparedQuery<ClaimedDelivery>(
      this.dataSource,
      `WITH candidates AS (
         SELECT d.id, d.attempt_count FROM deliveries d WHERE d.id = $1 AND d.next_attempt_at <= now() AND ${UNLEASED} AND ${ENDPOINT_ENABLED}
            FOR UPDATE OF d SKIP LOCKED
       ), ${FREE}, chosen AS (SELECT id, attempt_count FROM free), ${leaseChosen('$3', '$2')}`,
      [id, leaseMs, randomUUID()],
    );
    return claimed;
  }

  /** Gives leased deliveries back untried (shutdown, or their host is at its limit): claimable again after `delayMs`. */
  async releaseUntried(leases: readonly HeldLease[], delayMs: number): Promise<void> {
    if (leases.length === 0) return;
    await this.dataSource.query(
      `UPDATE delivery_leases l SET token = NULL, expires_at = now() + $3 * interval '1 millisecond'
         FROM unnest($1::text[], $2::uuid[]) AS h(delivery_id, token)
        WHERE l.delivery_id = h.delivery_id AND l.token = h.token`,
      [leases.map((lease) => lease.deliveryId), leases.map((lease) => lease.token), delayMs],
    );
  }
}
