import { createHash, timingSafeEqual } from 'node:crypto';

/** What a request without a valid API key is told, whichever layer refuses it. */
export const API_KEY_REQUIRED = 'a valid API key is required: Authorization: Bearer <key>';

export function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * True when the header is `Bearer <token>` for one of the accepted tokens (given as digests). Hashing first
 * makes every comparison the same length, so timingSafeEqual applies; every candidate is compared.
 */
export function bearerMatches(header: string | undefined, acceptedDigests: readonly Buffer[]): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  const presented = digest(match?.[1] ?? '');
  let accepted = false;
  for (const candidate of acceptedDigests) accepted = timingSafeEqual(candidate, presented) || accepted;
  return accepted && match !== null;
}
