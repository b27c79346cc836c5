/**
 * A JSON value with its objects' keys in the order PostgreSQL's jsonb keeps them (shorter first, then by bytes), at
 * every depth: what a fold of a request gives then matches what the same value read back from jsonb gives.
 */
export function inJsonbKeyOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map(inJsonbKeyOrder) as T;
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return Object.fromEntries(keys.map((key) => [key, inJsonbKeyOrder((value as Record<string, unknown>)[key])])) as T;
}
