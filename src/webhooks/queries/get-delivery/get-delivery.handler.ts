import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '../../../platform/config/app-config';
import { shownWebhookHeaders } from '../../http/webhook-headers';
import { DeliveryPolicy } from '../../outbox/delivery-policy';
import type { DeliveryAttemptRecord } from '../../persistence/delivery-attempt.orm-entity';
import type { DeliveryRecord } from '../../persistence/delivery.orm-entity';
import { DeliveriesTable } from '../../persistence/deliveries.table';
import { ResponseBodiesTable } from '../../persistence/response-bodies.table';
import { GetDeliveryQuery } from './get-delivery.query';

export interface DeliveryDetail {
  delivery: DeliveryRecord;
  attempts: DeliveryAttemptRecord[];
  /** Per attempt, the headers it sent (credentials from configuration redacted). */
  headersSent: Record<string, string>[];
}

const ENDPOINT_SIGNATURE_SHOWN = "[signed with the endpoint's secrets]";

@QueryHandler(GetDeliveryQuery)
export class GetDeliveryHandler implements IQueryHandler<GetDeliveryQuery, DeliveryDetail> {
  constructor(
    private readonly deliveries: DeliveriesTable,
    private readonly responseBodies: ResponseBodiesTable,
    private readonly policy: DeliveryPolicy,
    private readonly config: AppConfig,
  ) {}

  async execute({ deliveryId }: GetDeliveryQuery): Promise<DeliveryDetail> {
    const { delivery, attempts, also: bodies } = await this.deliveries.findWithAttempts(deliveryId, (db) => this.responseBodies.of(deliveryId, db));
    for (const attempt of attempts) attempt.responseBody = bodies.get(attempt.number) ?? null;
    const request = this.policy.requestFor(delivery);
    // An endpoint's secrets may have rotated since: its signature cannot be shown again, only that there was one.
    const headersSent = attempts.map((attempt) =>
      delivery.endpointId === null
        ? shownWebhookHeaders(request, attempt.startedAt, this.config.signingSecret)
        : { ...shownWebhookHeaders(request, attempt.startedAt, undefined), 'webhook-signature': ENDPOINT_SIGNATURE_SHOWN },
    );
    return { delivery, attempts, headersSent };
  }
}
