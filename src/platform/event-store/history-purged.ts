/**
 * The log's own record of its purges (retention, a feature, decides what to purge; the log only knows that it was).
 * Each purge appends to this stream an event whose data carries `history_starts_after`: the highest sequence any
 * purge so far deleted. The feed is whole only after it, so asked for events after an earlier sequence it answers
 * 410 rather than skip the purged ones silently.
 */
export const HISTORY_STREAM = 'history';

/** The type of a purge's record that moves `history_starts_after`. */
export const HISTORY_PURGED = 'HistoryPurged';
