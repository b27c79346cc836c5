import type { DataSource } from 'typeorm';
import { eventually } from './poll';

interface InFlight {
  readonly inFlight: number;
}

/**
 * The positive signal that nothing more will be sent: no delivery row has an attempt planned or a lease, and no
 * dispatcher has an attempt in flight — in this process (`dispatchers`) or in service processes (their
 * `/health/ready` reports `in_flight`). A test that proves "nothing more arrives" waits for this, then asserts.
 */
export async function deliveriesAtRest(db: DataSource, { dispatchers = [], serviceUrls = [] }: { dispatchers?: InFlight[]; serviceUrls?: string[] } = {}): Promise<void> {
  await eventually(
    async () => {
      if (dispatchers.some((dispatcher) => dispatcher.inFlight > 0)) return false;
      const [{ busy }] = await db.query(`SELECT count(*)::int AS busy FROM deliveries d
        WHERE d.next_attempt_at IS NOT NULL OR EXISTS (SELECT 1 FROM delivery_leases l WHERE l.delivery_id = d.id AND l.token IS NOT NULL)`);
      if (busy > 0) return false;
      for (const url of serviceUrls) {
        const ready = (await (await fetch(`${url}/health/ready`)).json()) as { details?: { dispatcher?: { in_flight?: number } } };
        if (ready.details?.dispatcher?.in_flight !== 0) return false;
      }
      return true;
    },
    { what: 'no delivery planned, leased or in flight' },
  );
}
