import { APP_NAME, APP_VERSION } from '../../platform/config/app-version';
import type { WebhookRequest } from './webhook-request';
import { signWebhook } from './webhook-signature';

const USER_AGENT = `${APP_NAME}/${APP_VERSION} (webhooks)`;
const REDACTED = '[redacted]';

/**
 * The headers of an attempt started at `startedAt`: Standard Webhooks id, timestamp and (with a signing secret)
 * signature, plus the request's extra headers. Deterministic, so the headers an attempt sent can be shown again.
 * An endpoint's request carries its own secrets: one `v1,` signature per secret, space-separated, as the spec allows.
 */
export function webhookHeaders(request: WebhookRequest, startedAt: Date, signingSecret: Buffer | undefined): Record<string, string> {
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': request.webhookId,
    'webhook-timestamp': String(timestamp),
    ...request.headers,
  };
  const secrets = request.signingSecrets ?? (signingSecret ? [signingSecret] : []);
  if (secrets.length > 0) headers['webhook-signature'] = secrets.map((secret) => signWebhook(secret, request.webhookId, timestamp, request.body)).join(' ');
  return headers;
}

/** The same headers for showing: the extra headers (credentials from configuration, e.g. the step key) redacted. */
export function shownWebhookHeaders(request: WebhookRequest, startedAt: Date, signingSecret: Buffer | undefined): Record<string, string> {
  const headers = webhookHeaders(request, startedAt, signingSecret);
  for (const name of Object.keys(request.headers)) headers[name] = REDACTED;
  return headers;
}
