import { InvalidInputError } from './domain-error';
import { MAX_METADATA_BYTES, type Metadata, metadataBytes } from './metadata';

/**
 * The rules every input obeys, whoever sends it: the HTTP layer checks them early for a precise answer, and the
 * aggregates check them again, so a command sent on the CommandBus without HTTP is held to the same rules.
 */

/** Text PostgreSQL can store: no NUL character, no unpaired UTF-16 surrogate (invalid as UTF-8). */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** The path of the first unstorable string or key inside `value`, or undefined. Depth is bounded by the caller. */
export function findUnstorableText(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (!isStorableText(key)) return path || 'body';
    const found = findUnstorableText(child, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function unstorableTextMessage(field: string): string {
  return `${field} contains a NUL character or an unpaired surrogate`;
}

/** As deep as a request body may nest (see json-shape-limits), so a command on the bus is held to what HTTP allows. */
export const MAX_METADATA_DEPTH = 32;

/** Whether `value` nests deeper than `maxDepth`, found without recursion: a hostile depth cannot overflow the stack. */
function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

export function assertMetadata(field: string, value: unknown): asserts value is Metadata {
  if (nestsDeeperThan(value, MAX_METADATA_DEPTH)) {
    throw new InvalidInputError(field, `${field} is nested deeper than ${MAX_METADATA_DEPTH} levels`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || metadataBytes(value as Metadata) > MAX_METADATA_BYTES) {
    throw new InvalidInputError(field, `${field} must be a JSON object of at most ${MAX_METADATA_BYTES} bytes`);
  }
  const unstorable = findUnstorableText(value, field);
  if (unstorable !== undefined) throw new InvalidInputError(unstorable, unstorableTextMessage(unstorable));
}

export function assertOptionalText(field: string, value: unknown, maxLength: number, minLength = 0): asserts value is string | undefined | null {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || value.length > maxLength || value.length < minLength) {
    throw new InvalidInputError(field, `${field} must be a string of ${minLength} to ${maxLength} characters`);
  }
  if (!isStorableText(value)) throw new InvalidInputError(field, unstorableTextMessage(field));
}

export function assertOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new InvalidInputError(field, `${field} must be one of the following values: ${allowed.join(', ')}`);
  }
}
