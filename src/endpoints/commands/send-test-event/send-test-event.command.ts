import type { EventType } from '../../domain/event-types';

export class SendTestEventCommand {
  constructor(
    readonly endpointId: string,
    readonly eventType: EventType,
  ) {}
}
