import { InvalidInputError } from '../../platform/domain/domain-error';

/** What an endpoint can subscribe to: one name per subject kind and terminal status. */
export const EVENT_TYPES = [
  'job.completed', 'job.failed', 'job.cancelled', 'job.expired',
  'run.completed', 'run.failed', 'run.cancelled',
  'step.success', 'step.failed', 'step.cancelled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The completion events of the log and the subject kind each one names. */
export const COMPLETION_KINDS = { JobCompleted: 'job', RunCompleted: 'run', StepCompleted: 'step' } as const;
export type CompletionType = keyof typeof COMPLETION_KINDS;

/** `job.failed` for a JobCompleted with status failed; undefined for any other event. */
export function eventTypeOf(type: string, status: unknown): EventType | undefined {
  const kind = COMPLETION_KINDS[type as CompletionType];
  const name = kind && `${kind}.${String(status)}`;
  return (EVENT_TYPES as readonly string[]).includes(name) ? (name as EventType) : undefined;
}

/** A subscription pattern: an event type's name, `job.*`-style (every type of one kind), or `*`. */
export function isEventTypePattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return EVENT_TYPES.some((type) => type.startsWith(pattern.slice(0, -1)));
  return (EVENT_TYPES as readonly string[]).includes(pattern);
}

/** Whether an endpoint subscribed to `patterns` (null: to everything) receives `type`. */
export function subscribes(patterns: readonly string[] | null, type: EventType): boolean {
  if (patterns === null) return true;
  return patterns.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))));
}

/** The completion events an endpoint subscribed to `patterns` needs to read (the others it can pass unread). */
export function completionTypesFor(patterns: readonly string[] | null): CompletionType[] {
  return (Object.keys(COMPLETION_KINDS) as CompletionType[]).filter((type) =>
    EVENT_TYPES.some((name) => name.startsWith(`${COMPLETION_KINDS[type]}.`) && subscribes(patterns, name)),
  );
}

/** Refuses an unknown name, naming it and its place (`event_types[2]`). */
export function assertEventTypes(field: string, patterns: unknown): asserts patterns is string[] | null {
  if (patterns === null) return;
  if (!Array.isArray(patterns) || patterns.length === 0 || patterns.length > 50) {
    throw new InvalidInputError(field, `${field} must be a list of 1 to 50 event types (omit it to receive every type)`);
  }
  patterns.forEach((pattern, index) => {
    if (typeof pattern !== 'string' || !isEventTypePattern(pattern)) {
      throw new InvalidInputError(`${field}[${index}]`, `${field}[${index}] "${String(pattern)}" is not an event type; use one of ${EVENT_TYPES.join(', ')}, or job.*, run.*, step.*`);
    }
  });
}
