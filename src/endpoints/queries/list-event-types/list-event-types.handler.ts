import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_TYPES, type EventType } from '../../domain/event-types';
import { exampleEnvelope } from '../../fan-out/endpoint-envelope';
import { ListEventTypesQuery } from './list-event-types.query';

export interface EventTypeDescription {
  name: EventType;
  description: string;
  example: Record<string, unknown>;
}

const SUBJECTS = { job: 'A job', run: 'A run', step: 'A step' } as const;

@QueryHandler(ListEventTypesQuery)
export class ListEventTypesHandler implements IQueryHandler<ListEventTypesQuery, EventTypeDescription[]> {
  execute(): Promise<EventTypeDescription[]> {
    return Promise.resolve(EVENT_TYPES.map((name) => {
      const [subject, status] = name.split('.') as [keyof typeof SUBJECTS, string];
      return { name, description: `${SUBJECTS[subject]} reached its terminal status \`${status}\`.`, example: exampleEnvelope(name) };
    }));
  }
}
