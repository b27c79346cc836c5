/** Stable error codes; the HTTP layer maps each one to a status code in one place. */
export type DomainErrorCode = 'not_found' | 'conflict' | 'invalid_input' | 'unreadable_event' | 'history_purged';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class EntityNotFoundError extends DomainError {
  constructor(kind: string, id: string) {
    super('not_found', `${kind} ${id} not found`);
  }
}

export class TerminalEntityError extends DomainError {
  constructor(kind: string, id: string, status: string) {
    super('conflict', `${kind} ${id} is already ${status}; a terminal ${kind} cannot change`, 'status');
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(kind: string, from: string, to: string) {
    super('conflict', `${kind} cannot move from ${from} to ${to}`, 'status');
  }
}

export class InvalidInputError extends DomainError {
  constructor(field: string, message: string) {
    super('invalid_input', message, field);
  }
}

/**
 * The feed was asked for events after a sequence below which retention purged some: answering would skip them
 * silently. The feed is whole after `historyStartsAfter`.
 */
export class HistoryPurgedError extends DomainError {
  constructor(readonly historyStartsAfter: string) {
    super(
      'history_purged',
      `events up to sequence ${historyStartsAfter} were purged by retention (RETENTION); the feed is whole after it: read on with after=${historyStartsAfter}`,
      'after',
    );
  }
}

/** What identifies a stored event, for naming it when it cannot be read. */
export interface StoredEventIdentity {
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
}

/**
 * A stored event this service cannot read: a schema version it does not know, or data without what its version
 * promises. Nothing may be decided on or shown from it; the stream it is in is refused until it is repaired.
 */
export class UnreadableEventError extends DomainError {
  constructor(
    readonly event: StoredEventIdentity,
    reason: string,
  ) {
    super('unreadable_event', `event ${event.streamId} v${event.version} (${event.type}, schema v${event.schemaVersion}) cannot be read: ${reason}`);
  }
}
