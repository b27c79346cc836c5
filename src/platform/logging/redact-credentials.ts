/** Header names that can carry a credential: exact names, then anything whose name says so. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'www-authenticate', 'proxy-authenticate']);
const CREDENTIAL_NAME = /auth|token|key|secret|passw|session|credential|signature|cookie|jwt|bearer/i;

export const REDACTED = '[redacted]';

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase()) || CREDENTIAL_NAME.test(name);
}

/** A copy of `headers` with every header that may carry a credential replaced, by rule rather than by list. */
export function redactCredentialHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) safe[name] = isCredentialHeader(name) ? REDACTED : value;
  return safe;
}
