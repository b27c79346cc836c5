/** A delivery as `GET /v1/deliveries/:id` answers it, with its attempts (what tests assert against). */
export interface RecordedAttempt {
  number: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
  outcome: string;
}

export interface RecordedDelivery {
  id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  attempts: RecordedAttempt[];
}
