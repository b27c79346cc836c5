import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '../../platform/domain/domain-error';

const PREFIX = 'whsec_';
/** Bytes of key a generated secret holds (Standard Webhooks asks for 24 to 64). */
const GENERATED_BYTES = 24;

/** A fresh `whsec_…` secret. */
export function generateEndpointSecret(): string {
  return PREFIX + randomBytes(GENERATED_BYTES).toString('base64');
}

/** The key bytes of a `whsec_<base64>` secret (what the signature's HMAC uses). */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/** A secret given by its owner (on rotation): `whsec_` and 24 to 64 bytes of base64. */
export function assertEndpointSecret(field: string, secret: unknown): asserts secret is string {
  const encoded = typeof secret === 'string' && secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : undefined;
  const valid = encoded !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && encoded.length % 4 === 0;
  const size = valid ? Buffer.from(encoded, 'base64').length : 0;
  if (size < 24 || size > 64) throw new InvalidInputError(field, `${field} must be "whsec_" followed by 24 to 64 bytes of base64`);
}
