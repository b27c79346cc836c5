import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { CallbackPayload } from './webhook-payloads.js';

/** A verified callback: the webhook-id (the same on every retry and redelivery) and the parsed body. */
export interface VerifiedWebhook<Payload = CallbackPayload> {
  id: string;
  timestamp: Date;
  payload: Payload;
}

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Remembers which webhook-ids were handled, so a retry or redelivery is acknowledged without running twice. */
export interface DeduplicationStore {
  seen(webhookId: string): boolean | Promise<boolean>;
  remember(webhookId: string): void | Promise<void>;
}

/** In-process store: ids are kept for `ttlMs` (default 3 days, longer than the service's retry schedule), at most `max`. */
export class MemoryDeduplicationStore implements DeduplicationStore {
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly ttlMs = 3 * 24 * 3600_000,
    private readonly max = 100_000,
  ) {}

  seen(webhookId: string): boolean {
    const until = this.ids.get(webhookId);
    return until !== undefined && until > Date.now();
  }

  remember(webhookId: string): void {
    this.ids.set(webhookId, Date.now() + this.ttlMs);
    // Oldest first in insertion order: drop the expired and anything over the bound.
    for (const [id, until] of this.ids) {
      if (this.ids.size <= this.max && until > Date.now()) break;
      this.ids.delete(id);
    }
  }
}

export class InvalidWebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhookError';
  }
}

function header(headers: HeaderBag, name: string): string {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/**
 * Checks a callback's Standard Webhooks signature (HMAC-SHA256 over id, timestamp and the raw body, timestamp within
 * 5 minutes) with the service's WEBHOOK_SIGNING_SECRET, and parses the body. Throws InvalidWebhookError.
 */
export function verifyWebhook<Payload = CallbackPayload>(secret: string, rawBody: string | Buffer, headers: HeaderBag): VerifiedWebhook<Payload> {
  const signed = { 'webhook-id': header(headers, 'webhook-id'), 'webhook-timestamp': header(headers, 'webhook-timestamp'), 'webhook-signature': header(headers, 'webhook-signature') };
  try {
    const payload = new Webhook(secret).verify(rawBody, signed) as Payload;
    return { id: signed['webhook-id'], timestamp: new Date(Number(signed['webhook-timestamp']) * 1000), payload };
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new InvalidWebhookError(`webhook refused: ${error.message}`);
    throw error;
  }
}

export interface WebhookReceiverOptions<Payload> {
  secret: string;
  /** Called once per webhook-id; a throw answers 500, so the service tries again later. */
  onWebhook: (webhook: VerifiedWebhook<Payload>) => unknown | Promise<unknown>;
  deduplication?: DeduplicationStore;
}

export interface ReceiverAnswer {
  status: number;
  body: { ok: boolean; duplicate?: boolean; error?: string };
}

/**
 * The framework-neutral receiver: verify, skip what was handled already, handle, remember. The Express, Fastify and
 * Nest adapters below only carry the raw body and headers in and the answer out.
 */
export function createWebhookReceiver<Payload = CallbackPayload>(options: WebhookReceiverOptions<Payload>) {
  const store = options.deduplication ?? new MemoryDeduplicationStore();
  return async (rawBody: string | Buffer | undefined, headers: HeaderBag): Promise<ReceiverAnswer> => {
    let webhook: VerifiedWebhook<Payload>;
    try {
      if (rawBody === undefined) throw new InvalidWebhookError('webhook refused: no raw body (read the body as raw bytes before verifying)');
      webhook = verifyWebhook<Payload>(options.secret, rawBody, headers);
    } catch (error) {
      if (error instanceof InvalidWebhookError) return { status: 401, body: { ok: false, error: error.message } };
      throw error;
    }
    if (await store.seen(webhook.id)) return { status: 200, body: { ok: true, duplicate: true } };
    try {
      await options.onWebhook(webhook);
    } catch (error) {
      return { status: 500, body: { ok: false, error: `handler failed: ${(error as Error).message}` } };
    }
    await store.remember(webhook.id);
    return { status: 200, body: { ok: true } };
  };
}
