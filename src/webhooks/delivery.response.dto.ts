import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_KINDS, DELIVERY_STATUSES, type DeliveryKind, type DeliveryStatus } from './domain/delivery-kind';
import type { DeliveryRecord } from './persistence/delivery.orm-entity';

export class DeliveryResponse {
  @ApiProperty({ description: 'Also the webhook-id header, the same on every attempt and redelivery.', example: 'dlv-3c2d…' })
  id: string;

  @ApiProperty({ enum: DELIVERY_KINDS })
  kind: DeliveryKind;

  @ApiProperty({ description: 'The job, run or step this delivery notifies about.' })
  subject_id: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ example: 'ci.example.com', description: "The URL's host[:port]; concurrency limits and the deliveries filter `host` use it." })
  destination_host: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The exact JSON body sent.' })
  payload: Record<string, unknown>;

  @ApiProperty()
  attempt_count: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the next retry is due; null when none is planned.' })
  next_attempt_at: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  last_attempt_at: string | null;

  @ApiProperty({ nullable: true, type: Number })
  last_status_code: number | null;

  @ApiProperty({ nullable: true, type: String })
  last_error: string | null;

  @ApiProperty({ format: 'date-time', description: "The subject's completed_at: what delivery latency is measured from." })
  subject_completed_at: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  succeeded_at: string | null;

  @ApiProperty({ nullable: true, type: String, description: "The endpoint it was fanned out to; null for a job's or run's own callback_url or the step webhook." })
  endpoint_id: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'job.failed', description: 'The event type an endpoint delivery carries; null for callbacks.' })
  event_type: string | null;

  static from(delivery: DeliveryRecord): DeliveryResponse {
    const waiting = delivery.status === 'pending' || delivery.status === 'retrying';
    return {
      id: delivery.id,
      kind: delivery.kind,
      subject_id: delivery.subjectId,
      url: delivery.url,
      destination_host: delivery.destinationHost,
      status: delivery.status,
      payload: JSON.parse(delivery.payload) as Record<string, unknown>,
      attempt_count: delivery.attemptCount,
      // while delivering, what comes next is for the attempt under way to decide
      next_attempt_at: waiting ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
      last_attempt_at: delivery.lastAttemptAt?.toISOString() ?? null,
      last_status_code: delivery.lastStatusCode,
      last_error: delivery.lastError,
      subject_completed_at: delivery.subjectCompletedAt.toISOString(),
      created_at: delivery.createdAt.toISOString(),
      succeeded_at: delivery.succeededAt?.toISOString() ?? null,
      endpoint_id: delivery.endpointId,
      event_type: delivery.eventType,
    };
  }
}
