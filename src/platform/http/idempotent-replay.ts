import type { FastifyReply } from 'fastify';

export const IDEMPOTENCY_KEY_DOC =
  'Makes the create safe to retry: a repeat with the same key (from the same API key) and the same body answers what the ' +
  'first one did — same id, 201, header `Idempotent-Replayed: true` — and creates nothing; the same key with a different ' +
  'body is a 409 naming idempotency-key. Keys are kept in the event log: they do not expire.';

/** Marks the answer to an idempotent create's repeat (as Stripe does), so a client can tell it from a first create. */
export function answerIdempotentReplay<T extends { idempotentReplay?: boolean }>(reply: FastifyReply, record: T): T {
  if (record.idempotentReplay) reply.header('idempotent-replayed', 'true');
  return record;
}
