import { createHmac } from 'node:crypto';

/** Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 of "<webhook-id>.<unix seconds>.<body>". */
export function signWebhook(secret: Buffer, webhookId: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}
