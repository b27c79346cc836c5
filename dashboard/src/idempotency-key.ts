// The Idempotency-Key the page sends with a POST that must not happen twice (a bulk redelivery, a new endpoint).

/**
 * A fresh Idempotency-Key (a v4 UUID): one per request the user means once, so a double click or a retry of it
 * never does the thing twice. crypto.randomUUID exists only in secure contexts (https or loopback);
 * getRandomValues everywhere.
 */
export function newIdempotencyKey(random: (count: number) => Uint8Array = (count) => crypto.getRandomValues(new Uint8Array(count))): string {
  const bytes = random(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
