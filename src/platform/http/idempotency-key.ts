import { createHash } from 'node:crypto';
import { InvalidInputError } from '../domain/domain-error';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 255;
/** Printable ASCII: a key is an opaque token a client generated (a UUID, typically). */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** A create's Idempotency-Key and the caller it belongs to (the resource it creates scopes it further: idempotentId). */
export interface IdempotentCreate {
  key: string;
  /** Who may replay it: a digest of the bearer token the request carried (empty when the service runs open). */
  caller: string;
}

/** The request's Idempotency-Key, checked; undefined without one. */
export function readIdempotencyKey(headers: Record<string, string | string[] | undefined>): IdempotentCreate | undefined {
  const value = headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(value)) {
    throw new InvalidInputError(IDEMPOTENCY_KEY_HEADER, `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters, without spaces`);
  }
  const bearer = /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1] ?? '';
  return { key: value, caller: createHash('sha256').update(bearer).digest('base64url') };
}

/**
 * The id an idempotent create gives its entity: the same for the same caller, scope and key, so a repeat (or a
 * concurrent duplicate) names the stream the first one created, and the log itself remembers the key — across
 * restarts and replicas, with nothing else to store. The key cannot be read back from the id.
 */
export function idempotentId(prefix: string, create: IdempotentCreate, scope: string): string {
  const hex = createHash('sha256').update(JSON.stringify([create.caller, scope, create.key])).digest('hex');
  // Laid out as a UUID (version 8: custom), like the random ids.
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A digest of what a create asked for (object keys in any order give the same digest): a repeat must ask the same. */
export function requestDigest(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, child]) => child !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
