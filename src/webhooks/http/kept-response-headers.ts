import { storableString } from './storable-text';

/** At most this many response headers are kept per attempt, each value cut at MAX_VALUE_LENGTH characters. */
export const MAX_KEPT_HEADERS = 32;
export const MAX_VALUE_LENGTH = 256;
const REDACTED = '[redacted]';
/** Headers that carry credentials or session state: their value is never kept. */
const CREDENTIAL = /^(set-cookie|cookie|authorization|proxy-authorization|www-authenticate|proxy-authenticate)$|token|secret|password|api-?key|session|signature/;

/**
 * What an attempt keeps of a response's headers for the attempt log: names lowercased and sorted, credentials
 * redacted, bounded in count and length (a receiver cannot grow the log), values storable text.
 */
export function keptResponseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(headers)
    .filter(([, raw]) => raw !== undefined && raw !== null)
    .map(([name, raw]): [string, unknown] => [name.toLowerCase(), raw])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_KEPT_HEADERS);
  const kept: Record<string, string> = {};
  for (const [name, raw] of entries) {
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    kept[name] = CREDENTIAL.test(name) ? REDACTED : storableString(value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value);
  }
  return kept;
}
