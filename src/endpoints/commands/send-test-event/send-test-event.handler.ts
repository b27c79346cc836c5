import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { AttemptResult } from '../../../webhooks/http/attempt-result';
import { EntityNotFoundError } from '../../../platform/domain/domain-error';
import { WebhookSender } from '../../../webhooks/http/webhook-sender';
import { DeliveryPolicy } from '../../../webhooks/outbox/delivery-policy';
import { exampleEnvelope } from '../../fan-out/endpoint-envelope';
import { EndpointsTable } from '../../persistence/endpoints.table';
import { SendTestEventCommand } from './send-test-event.command';

/**
 * Sends an example event to the endpoint now — signed with its secrets, marked `"test": true`, under a fresh
 * `webhook-id` — and answers how the receiver answered. Not a delivery: nothing happened in the log, so nothing is
 * stored or retried. Sent to a paused endpoint too (that is when one is being set up).
 */
@CommandHandler(SendTestEventCommand)
export class SendTestEventHandler implements ICommandHandler<SendTestEventCommand, { webhookId: string; result: AttemptResult }> {
  constructor(
    private readonly endpoints: EndpointsTable,
    private readonly policy: DeliveryPolicy,
    private readonly sender: WebhookSender,
  ) {}

  async execute({ endpointId, eventType }: SendTestEventCommand): Promise<{ webhookId: string; result: AttemptResult }> {
    const endpoint = await this.endpoints.findCurrent(endpointId);
    const webhookId = `test-${randomUUID()}`;
    const payload = JSON.stringify({ ...exampleEnvelope(eventType), test: true });
    const request = await this.policy.attemptRequest({ id: webhookId, kind: 'job', url: endpoint.url, payload, endpointId });
    if (!request) throw new EntityNotFoundError('endpoint', endpointId); // deleted meanwhile
    return { webhookId, result: await this.sender.send(request, new AbortController().signal) };
  }
}
