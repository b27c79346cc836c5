import { CancelledFailure, activityInfo, cancellationSignal, log } from '@temporalio/activity';
import { Webhook } from 'standardwebhooks';

/** Where the direct step webhook goes and how it is signed: the seed's settings, read from the worker's environment. */
export interface StepWebhookSettings {
  url?: string;
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** The service's WEBHOOK_SIGNING_SECRET (`whsec_…`): with it the webhook is signed like every delivery. */
  signingSecret?: string;
  timeoutMs?: number;
}

export interface StepWebhookOutcome {
  sent: boolean;
  statusCode?: number;
  error?: string;
}

const STEP_WEBHOOK_TIMEOUT_MS = 10_000;

export function fromEnvironment(env: Record<string, string | undefined>): StepWebhookSettings {
  return { url: env.STEP_COMPLETE_WEBHOOK || undefined, key: env.STEP_COMPLETE_KEY || undefined, signingSecret: env.WEBHOOK_SIGNING_SECRET || undefined };
}

/** The webhook-id of a step's direct webhook: the same for every attempt, so a receiver de-duplicates it. */
export function directStepWebhookId(stepId: string): string {
  return `step-webhook-${stepId}`;
}

/**
 * The seed's direct mode: POST {"step_id"} to the configured URL with the Standard Webhooks headers (`webhook-id`,
 * `webhook-timestamp`, and `webhook-signature` when a signing secret is set) and the Bearer key. A failed webhook
 * never fails the workflow: the outcome is logged and returned. Only a cancellation of the activity is thrown.
 */
export function createStepWebhookSender(settings: StepWebhookSettings) {
  // Built once, at worker start: a malformed secret is a configuration error, not a failed delivery.
  const signer = settings.signingSecret ? new Webhook(settings.signingSecret) : undefined;
  return async function sendStepCompleteWebhook(stepId: string): Promise<StepWebhookOutcome> {
    if (!settings.url) {
      log.debug('STEP_COMPLETE_WEBHOOK is not set: no step webhook sent', { stepId });
      return { sent: false };
    }
    const cancelled = cancellationSignal();
    const timeoutMs = settings.timeoutMs ?? STEP_WEBHOOK_TIMEOUT_MS;
    const fields = { stepId, attempt: activityInfo().attempt };
    const body = JSON.stringify({ step_id: stepId });
    const webhookId = directStepWebhookId(stepId);
    const signedAt = new Date();
    try {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
          ...(signer ? { 'webhook-signature': signer.sign(webhookId, signedAt, body) } : {}),
          ...(settings.key ? { authorization: `Bearer ${settings.key}` } : {}),
        },
        body,
        signal: AbortSignal.any([cancelled, AbortSignal.timeout(timeoutMs)]),
      });
      await response.body?.cancel();
      if (response.ok) {
        log.info('step webhook delivered', { ...fields, statusCode: response.status });
        return { sent: true, statusCode: response.status };
      }
      log.warn('step webhook refused', { ...fields, statusCode: response.status });
      return { sent: false, statusCode: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      if (cancelled.aborted) throw cancelled.reason instanceof CancelledFailure ? cancelled.reason : new CancelledFailure('activity cancelled');
      const timedOut = (error as Error).name === 'TimeoutError';
      const message = timedOut ? `timeout after ${timeoutMs} ms` : ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
      if (timedOut) log.warn('step webhook timed out', { ...fields, error: message });
      else log.error('step webhook failed', { ...fields, error: message });
      return { sent: false, error: message };
    }
  };
}
