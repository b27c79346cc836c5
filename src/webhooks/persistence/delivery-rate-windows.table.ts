import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * delivery_rate_windows: how many requests a rate-limited destination (an endpoint) took in the current second,
 * shared by every replica — operational bookkeeping like a lease, not a fact of the log.
 */
@Injectable()
export class DeliveryRateWindowsTable {
  constructor(private readonly dataSource: DataSource) {}

  /** One request slot of `key` in the current second (a fixed window per second, one row per key), if any is left. */
  async takeSlot(key: string, perSecond: number): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO delivery_rate_windows AS w (key, window_start, used) VALUES ($1, date_trunc('second', clock_timestamp()), 1)
       ON CONFLICT (key) DO UPDATE
          SET used = CASE WHEN w.window_start = EXCLUDED.window_start THEN w.used + 1 ELSE 1 END, window_start = EXCLUDED.window_start
        WHERE w.window_start <> EXCLUDED.window_start OR w.used < $2
       RETURNING used`,
      [key, perSecond],
    );
    return rows.length > 0;
  }
}
