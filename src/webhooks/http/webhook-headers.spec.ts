import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { webhookHeaders } from './webhook-headers';
import type { WebhookRequest } from './webhook-request';

const request: WebhookRequest = { webhookId: 'dlv-1', url: 'https://hooks.test/x', body: '{"type":"job.failed"}', timeoutMs: 1000, guarded: true, headers: {} };
const startedAt = new Date();
const secret = (fill: number) => Buffer.alloc(24, fill);
const whsec = (key: Buffer) => `whsec_${key.toString('base64')}`;

describe('webhook headers', () => {
  it("signs an endpoint's request with each of its secrets: every one verifies with the official library", () => {
    const headers = webhookHeaders({ ...request, signingSecrets: [secret(1), secret(2)] }, startedAt, secret(9));
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/);
    for (const key of [secret(1), secret(2)]) expect(new Webhook(whsec(key)).verify(request.body, headers)).toEqual({ type: 'job.failed' });
    expect(() => new Webhook(whsec(secret(9))).verify(request.body, headers)).toThrow(); // never the service's own secret
  });

  it('signs a callback with the service secret, and sends no signature without one', () => {
    const headers = webhookHeaders(request, startedAt, secret(9));
    expect(new Webhook(whsec(secret(9))).verify(request.body, headers)).toEqual({ type: 'job.failed' });
    expect(webhookHeaders(request, startedAt, undefined)['webhook-signature']).toBeUndefined();
    expect(webhookHeaders({ ...request, signingSecrets: [] }, startedAt, secret(9))['webhook-signature']).toBeUndefined();
  });
});
