import type { PendingWrite } from '../../platform/database/write-batch';
import type { RecordedEvent } from '../../platform/domain/recorded-event';
import type { Projection, RowChange } from '../../platform/projections/projection';
import { DeliveryEventType, OUTCOME_OF_EVENT, type DeliveryAttemptData, type DeliveryScheduledData } from '../domain/delivery-events';

/** What a job's or run's callback_* columns say: its delivery's last attempt (none yet: the columns stay null). */
export interface CallbackColumns {
  table: 'jobs' | 'runs';
  subjectId: string;
  lastAttempt: DeliveryAttemptData | null;
}

const TABLE_OF_KIND: Record<string, CallbackColumns['table'] | undefined> = { job: 'jobs', run: 'runs' };

/**
 * The callback_sent_at, callback_status_code and callback_error columns of jobs and runs, from their delivery's
 * attempts: the only webhooks SQL that touches those tables. Their rows are the lifecycle projection's (listed
 * before this one), so a rebuild empties nothing here.
 */
export class CallbackColumnsProjection implements Projection<CallbackColumns> {
  readonly streamType = 'delivery';
  readonly tables = [];

  evolve(columns: CallbackColumns | undefined, { type, data }: RecordedEvent): CallbackColumns | undefined {
    if (type === DeliveryEventType.scheduled) {
      const { kind, subject_id: subjectId, endpoint_id: endpointId } = data as DeliveryScheduledData;
      // An endpoint's delivery of the same completion is not the subject's callback.
      const table = endpointId === undefined ? TABLE_OF_KIND[kind] : undefined;
      return table && { table, subjectId, lastAttempt: null };
    }
    if (!columns || !OUTCOME_OF_EVENT[type]) return columns;
    return { ...columns, lastAttempt: data as DeliveryAttemptData };
  }

  store(changes: readonly RowChange<CallbackColumns>[]): PendingWrite[] {
    const changed = changes.filter(({ before, after }) => after.lastAttempt !== null && after.lastAttempt !== before?.lastAttempt).map(({ after }) => after);
    return (['jobs', 'runs'] as const).flatMap((table) => {
      const rows = changed.filter((columns) => columns.table === table);
      if (rows.length === 0) return [];
      const values = rows.map(({ subjectId, lastAttempt }) => ({
        id: subjectId, sent_at: lastAttempt!.started_at, status_code: lastAttempt!.status_code, error: lastAttempt!.error,
      }));
      return [{
        sql: `UPDATE ${table} t SET callback_sent_at = c.sent_at, callback_status_code = c.status_code, callback_error = c.error
                FROM jsonb_to_recordset($1::jsonb) AS c(id text, sent_at timestamptz, status_code int, error text) WHERE t.id = c.id`,
        params: [JSON.stringify(values)],
        rows: rows.map(({ subjectId }) => `${table}:${subjectId}`),
      }];
    });
  }
}
