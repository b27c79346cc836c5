import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WriteBatch } from '../../platform/database/write-batch';

export interface StoredSecret {
  secretId: string;
  sealed: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/**
 * endpoint_secrets: each endpoint's signing secrets, sealed (SecretSealer). Not a projection — a secret is never
 * an event's data, so the log names secrets by id and this table holds them; written in the unit of work of the
 * command that creates or rotates them. A rotated-out secret keeps signing until `expires_at`.
 */
@Injectable()
export class EndpointSecretsTable {
  constructor(private readonly dataSource: DataSource) {}

  static insert(batch: WriteBatch, endpointId: string, secret: Omit<StoredSecret, 'expiresAt'>): void {
    batch.write(
      `INSERT INTO endpoint_secrets (endpoint_id, secret_id, sealed, created_at) VALUES ($1, $2, $3, $4)`,
      [endpointId, secret.secretId, secret.sealed, secret.createdAt],
      [`endpoint_secrets:${endpointId}:${secret.secretId}`],
    );
  }

  /**
   * A rotation: the secret it replaces signs until `at`; any older one still overlapping stops now, so at most two
   * secrets ever sign (each adds a signature to every request).
   */
  static expire(batch: WriteBatch, endpointId: string, secretId: string, at: Date, now: Date): void {
    batch.write(
      `UPDATE endpoint_secrets SET expires_at = CASE WHEN secret_id = $2 THEN $3 ELSE least(expires_at, $4) END
        WHERE endpoint_id = $1 AND (secret_id = $2 OR expires_at > $4)`,
      [endpointId, secretId, at, now],
      [`endpoint_secrets:${endpointId}:expiring`],
    );
  }

  /** A deleted endpoint's secrets are destroyed with it. */
  static removeAll(batch: WriteBatch, endpointId: string): void {
    batch.write(`DELETE FROM endpoint_secrets WHERE endpoint_id = $1`, [endpointId], [`endpoint_secrets:${endpointId}`]);
  }

  /** The endpoint's current secret (the newest, which has no expiry). */
  async current(endpointId: string): Promise<StoredSecret | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT secret_id AS "secretId", sealed, created_at AS "createdAt", expires_at AS "expiresAt" FROM endpoint_secrets
        WHERE endpoint_id = $1 AND expires_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [endpointId],
    );
    return row as StoredSecret | undefined;
  }

  /** Every secret that signs now, per endpoint, newest first. */
  async signing(endpointIds: readonly string[]): Promise<Map<string, StoredSecret[]>> {
    const rows: (StoredSecret & { endpointId: string })[] = await this.dataSource.query(
      `SELECT endpoint_id AS "endpointId", secret_id AS "secretId", sealed, created_at AS "createdAt", expires_at AS "expiresAt"
         FROM endpoint_secrets WHERE endpoint_id = ANY($1) AND (expires_at IS NULL OR expires_at > now())
        ORDER BY endpoint_id, created_at DESC`,
      [endpointIds],
    );
    const byEndpoint = new Map<string, StoredSecret[]>();
    for (const { endpointId, ...secret } of rows) byEndpoint.set(endpointId, [...(byEndpoint.get(endpointId) ?? []), secret]);
    return byEndpoint;
  }
}
