/**
 * Names (of headers and query-string parameters) that can carry a credential, by pattern rather than by list:
 * a header a client or proxy invents (`x-csrf`, `x-pass`, `x-hmac`, …) is covered without being named here.
 * Matched case-insensitively anywhere in the name. Erring towards hiding: `x-api-version` or `keep-alive` lose their
 * value in the log, which costs less than one credential written in clear.
 */
const CREDENTIAL_NAME =
  /auth|token|key|secret|pass|pwd|session|sid|cred|signature|sig|cookie|jwt|bearer|csrf|xsrf|hmac|otp|api|private|nonce/i;

export const REDACTED = '[redacted]';

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** A copy of `headers` with every header that may carry a credential replaced. */
export function redactCredentialHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) safe[name] = isCredentialName(name) ? REDACTED : value;
  return safe;
}

/** A copy of a parsed query (`?a=1&b=2` as an object) with the value of every credential parameter replaced. */
export function redactCredentialQuery(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) safe[name] = isCredentialName(name) ? REDACTED : value;
  return safe;
}

/**
 * The URL (absolute, or a path with its query) with the value of every credential query parameter and a password in
 * its user-info replaced. Names are judged decoded (`api%5Fkey` is `api_key`); everything else is left byte for byte.
 */
export function redactUrlCredentials(url: string): string {
  const hashAt = url.indexOf('#');
  const fragment = hashAt >= 0 ? url.slice(hashAt) : '';
  const beforeFragment = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeFragment.indexOf('?');
  const base = withoutUserInfoPassword(queryAt >= 0 ? beforeFragment.slice(0, queryAt) : beforeFragment);
  if (queryAt < 0) return base + fragment;
  const parameters = beforeFragment.slice(queryAt + 1).split('&').map((parameter) => {
    const equalsAt = parameter.indexOf('=');
    if (equalsAt < 0 || equalsAt === parameter.length - 1) return parameter;
    const name = parameter.slice(0, equalsAt);
    return isCredentialName(decodedName(name)) ? `${name}=${REDACTED}` : parameter;
  });
  return `${base}?${parameters.join('&')}${fragment}`;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name; // malformed escapes: judged as written
  }
}

function withoutUserInfoPassword(base: string): string {
  return base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, `$1:${REDACTED}@`);
}
