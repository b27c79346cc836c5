/** Stable error codes; the HTTP layer maps each one to a status code in one place. */
export type DomainErrorCode = 'not_found' | 'conflict' | 'invalid_input';

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
