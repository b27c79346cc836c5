import { HISTORY_PURGED } from '../../platform/event-store/history-purged';

/** What retention records on the log's history stream, one event per purged page. */
export const RetentionEventType = {
  /** Finished jobs and runs (with their steps, deliveries, attempts and events) purged for RETENTION. */
  purged: HISTORY_PURGED,
  /** Response bodies older than RESPONSE_BODY_RETENTION purged. */
  responseBodiesPurged: 'ResponseBodiesPurged',
} as const;

export interface HistoryPurgedData {
  /** What was purged had finished, and its deliveries had ended, before this instant. */
  finished_before: string;
  jobs: number;
  runs: number;
  steps: number;
  deliveries: number;
  events: number;
  /** The highest sequence this purge deleted. */
  through_sequence: string;
  /** The highest sequence any purge so far deleted: the feed is whole only after it. */
  history_starts_after: string;
}

export interface ResponseBodiesPurgedData {
  recorded_before: string;
  response_bodies: number;
}
