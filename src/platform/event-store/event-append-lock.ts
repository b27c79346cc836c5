/**
 * Appending events holds this advisory lock shared until commit; computing the feed's horizon takes it exclusively
 * for an instant. While the horizon holds it no append is between taking its sequence number and committing, so
 * every event numbered up to max(sequence) then is committed (or rolled back for good). Every statement that
 * inserts into `events` must take it first.
 */
export const EVENT_APPEND_LOCK = 0x63627374;
