/** The error answers an operation can give, each with the meaning shown when an operation does not say more. */
export const ERROR_MEANINGS = {
  400: 'Invalid input (body field, query parameter or path id, named in `field`); nothing was written.',
  401: 'API_KEYS is set and the request has no valid `Authorization: Bearer <key>` (`field: authorization`).',
  404: 'No entity has that id.',
  408: 'The request body did not arrive within REQUEST_BODY_TIMEOUT_MS (`field: body`); the connection is closed.',
  409: 'Conflicts with the current state (`field` names what).',
  410: 'Retention purged events after `after` (`code: history_purged`): the feed is whole after `history_starts_after`; read on from there.',
  413: 'The body is over 256 KiB (`field: body`).',
  415: 'The body is not JSON (`application/json` or `application/*+json`; `field: content-type`).',
  500: 'A stored event of what is read cannot be read (`code: unreadable_event`, naming the event); repeating will not help.',
  503: 'The database is unavailable, or the process holds too many request bodies at once: retry after `Retry-After`.',
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** Every /v1 operation can answer these: the key guard runs first, and every answer reads the database. */
export const EVERY_V1_OPERATION: readonly ErrorStatus[] = [401, 503];

/** Operations that take a JSON body can also be refused for the body itself. */
export const WITH_BODY: readonly ErrorStatus[] = [400, 408, 413, 415];
