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
 * What a fan-out pass does for `targets` with the completions read up to `through` (every completion after the
 * furthest-behind target's position, in order): a delivery for each completion an endpoint subscribed to and has not
 * passed yet, and each cursor moved to the end of the pass. The pass ends early, after the last completion whose
 * deliveries fit in `maxPayloadBytes` (at least one completion's), so a backfill of large envelopes goes in units
 * a commit — and the process's memory — can carry.
 */
export function planFanOut(
  targets: readonly FanOutTarget[], completions: readonly FannedOutCompletion[], through: string, now: Date, maxPayloadBytes = Infinity,
): FanOutPlan & { through: string } {
  const deliveries: ScheduleDelivery[] = [];
  let end = BigInt(through);
  let bytes = 0;
  let last: bigint | undefined;
  for (const completion of completions) {
    const sequence = BigInt(completion.sequence);
    if (sequence > end) break;
    const eventType = eventTypeOf(completion.type, completion.data.status);
    const forEvent: ScheduleDelivery[] = [];
    for (const target of targets) {
      if (!eventType || sequence <= BigInt(target.position) || !subscribes(target.eventTypes, eventType)) continue;
      forEvent.push({
        type: 'schedule', deliveryId: endpointDeliveryId(target.endpointId, completion.sequence), kind: COMPLETION_KINDS[completion.type],
        subjectId: completion.subjectId, url: target.url, destinationHost: target.destinationHost, payload: endpointEnvelope(completion, eventType),
        subjectCompletedAt: completion.occurredAt, endpoint: { endpointId: target.endpointId, eventType }, now,
      });
    }
    const size = forEvent.reduce((sum, delivery) => sum + delivery.payload.length, 0);
    if (last !== undefined && bytes + size > maxPayloadBytes) {
      end = last;
      break;
    }
    deliveries.push(...forEvent);
    bytes += size;
    last = sequence;
  }
  const moves = targets.filter((target) => BigInt(target.position) < end).map((target) => ({ endpointId: target.endpointId, from: target.position, to: String(end) }));
  return { deliveries, moves, through: String(end) };
}
