/** The stream (type and id) retention records its purges on: the log says why its history starts where it does. */
export const HISTORY_STREAM = 'history';

export const HistoryEventType = {
  /** Finished jobs and runs (with their steps, deliveries, attempts and events) purged for RETENTION. */
  purged: 'HistoryPurged',
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
  /**
   * The highest sequence any purge so far deleted: the feed is whole only after it (asked for events after an
   * earlier sequence, it answers 410 rather than skip the purged ones silently).
   */
  history_starts_after: string;
}

export interface ResponseBodiesPurgedData {
  recorded_before: string;
  response_bodies: number;
}
