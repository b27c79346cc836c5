import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { JobCallbackPayload } from './job-callback.payload.dto';
import { RunCallbackPayload } from './run-callback.payload.dto';
import { StepCallbackPayload } from './step-callback.payload.dto';

type Webhooks = NonNullable<OpenAPIObject['webhooks']>;

/** The scheme of the key the service presents to STEP_COMPLETE_WEBHOOK (its receiver checks it, not the service). */
export const STEP_WEBHOOK_SECURITY = {
  stepCompleteKey: { type: 'http' as const, scheme: 'bearer', description: 'STEP_COMPLETE_KEY, sent on step webhooks when it is set.' },
};

export const CALLBACK_PAYLOAD_MODELS = [JobCallbackPayload, RunCallbackPayload, StepCallbackPayload];

const STANDARD_WEBHOOK_HEADERS = [
  { name: 'webhook-id', in: 'header' as const, required: true, schema: { type: 'string' }, description: 'The delivery id (`dlv-…`): the same on every retry and redelivery. De-duplicate on it.' },
  { name: 'webhook-timestamp', in: 'header' as const, required: true, schema: { type: 'string' }, description: 'Unix seconds when this attempt was signed.' },
  {
    name: 'webhook-signature',
    in: 'header' as const,
    required: false,
    schema: { type: 'string' },
    description: 'When WEBHOOK_SIGNING_SECRET is set: `v1,<base64 HMAC-SHA256("<webhook-id>.<webhook-timestamp>.<body>")>` (Standard Webhooks). Verify it on the raw body.',
  },
  { name: 'user-agent', in: 'header' as const, required: true, schema: { type: 'string' }, description: '`CallbackIntegrationService/<version> (webhooks)`.' },
];

const RECEIVER_ANSWERS = {
  '2XX': { description: 'Received: the delivery succeeded and is not sent again (unless redelivered).' },
  '410': { description: 'Gone: the delivery stops at once (dead letter), without further retries.' },
  default: {
    description:
      'Anything else — another status, a 3xx (redirects are not followed), a timeout, a refused connection — is retried after 5s, 5m, 30m, 2h, 5h, 10h, 10h (±20%); a Retry-After on 429/503 is honoured.',
  },
};

function callback(id: string, summary: string, description: string, payload: Function, extra: object = {}) {
  return {
    post: {
      operationId: id,
      tags: ['callbacks'],
      summary,
      description,
      parameters: STANDARD_WEBHOOK_HEADERS,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: getSchemaPath(payload) } } } },
      responses: RECEIVER_ANSWERS,
      ...extra,
    },
  };
}

/** The three requests the service sends, at least once each, signed, after the change that caused them commits. */
export const CALLBACK_WEBHOOKS: Webhooks = {
  jobCompleted: callback(
    'jobCompleted',
    "A job's callback",
    "POSTed to the job's `callback_url` once, when the job first reaches completed, failed, cancelled or expired.",
    JobCallbackPayload,
  ),
  runCompleted: callback(
    'runCompleted',
    "A run's callback",
    "POSTed to the run's `callback_url` once, when the run first reaches completed, failed or cancelled.",
    RunCallbackPayload,
  ),
  stepCompleted: callback(
    'stepCompleted',
    'The step webhook',
    'POSTed to STEP_COMPLETE_WEBHOOK (operator configuration) when any step reaches success, failed or cancelled (a run cancelled cancels its pending steps, one webhook each).',
    StepCallbackPayload,
    { security: [{}, { stepCompleteKey: [] }] },
  ),
};
