import { createHash } from 'node:crypto';
import type { ScheduleDelivery } from '../../webhooks/domain/delivery-command';
import { COMPLETION_KINDS, eventTypeOf, subscribes } from '../domain/event-types';
import type { FanOutTarget } from '../persistence/endpoint-cursors.table';
import { endpointEnvelope, type FannedOutCompletion } from './endpoint-envelope';

export interface CursorMove {
  endpointId: string;
  from: string;
  to: string;
}

export interface FanOutPlan {
  deliveries: ScheduleDelivery[];
  moves: CursorMove[];
}

/**
 * One delivery per endpoint × event: its id (the webhook-id header) is derived from both, so the same pair can never
 * be scheduled twice — a second attempt collides on the delivery's stream.
 */
export function endpointDeliveryId(endpointId: string, sequence: string): string {
  return `dlv-${createHash('sha256').update(`${endpointId}:${sequence}`).digest('hex').slice(0, 32)}`;
}

/**
 * What a fan-out pass does for `targets` with the completions numbered up to `through` (every completion after
 * the furthest-behind target's position, in order): a delivery for each completion an endpoint subscribed to and
 * has not passed yet, and each cursor moved to `through`.
 */
export function planFanOut(targets: readonly FanOutTarget[], completions: readonly FannedOutCompletion[], through: string, now: Date): FanOutPlan {
  const deliveries: ScheduleDelivery[] = [];
  const moves: CursorMove[] = [];
  const end = BigInt(through);
  for (const target of targets) {
    const position = BigInt(target.position);
    if (position >= end) continue;
    for (const completion of completions) {
      const sequence = BigInt(completion.sequence);
      if (sequence <= position || sequence > end) continue;
      const eventType = eventTypeOf(completion.type, completion.data.status);
      if (!eventType || !subscribes(target.eventTypes, eventType)) continue;
      deliveries.push({
        type: 'schedule', deliveryId: endpointDeliveryId(target.endpointId, completion.sequence), kind: COMPLETION_KINDS[completion.type],
        subjectId: completion.subjectId, url: target.url, destinationHost: target.destinationHost, payload: endpointEnvelope(completion, eventType),
        subjectCompletedAt: completion.occurredAt, endpoint: { endpointId: target.endpointId, eventType }, now,
      });
    }
    moves.push({ endpointId: target.endpointId, from: target.position, to: through });
  }
  return { deliveries, moves };
}
