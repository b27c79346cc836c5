import { randomUUID } from 'node:crypto';

/**
 * A new entity's id: `prefix-` and a UUID of version 7 (RFC 9562), whose first 48 bits are the time in
 * milliseconds and the rest random. Ids made close in time sort close together, so every index keyed by them (the
 * tables' primary keys, the log's stream index, a delivery's attempts and bodies) takes new rows on a few recent
 * pages however much history it holds. Random (version 4) ids land anywhere in the index: on a large history each
 * insert touches a page that is rarely cached, and after every checkpoint writes that whole page to the WAL again.
 */
export function newId(prefix: string, now = Date.now()): string {
  const millis = now.toString(16).padStart(12, '0');
  // A version 4 UUID's last 74 bits are random and its variant bits already those of version 7.
  return `${prefix}-${millis.slice(0, 8)}-${millis.slice(8)}-7${randomUUID().slice(15)}`;
}
