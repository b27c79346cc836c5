/** Deeper than any request needs; class-transformer recurses per level and overflows the stack near 2,000. */
export const MAX_JSON_DEPTH = 32;
/** Request bodies have a handful of fields; thousands of unknown ones would make validation build huge errors. */
export const MAX_TOP_LEVEL_FIELDS = 16;

export class JsonShapeError extends Error {}

/**
 * Scans the raw JSON once, before it is parsed, and refuses nesting deeper than MAX_JSON_DEPTH or more than
 * MAX_TOP_LEVEL_FIELDS fields in the top-level object. Linear in the body's size, no allocation: a hostile
 * body is refused for the cost of reading it.
 */
export function assertJsonShape(raw: Buffer): void {
  let depth = 0;
  let topLevelFields = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw new JsonShapeError(`body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    } else if (byte === 0x3a && depth === 1) {
      if (++topLevelFields > MAX_TOP_LEVEL_FIELDS) throw new JsonShapeError(`body has more than ${MAX_TOP_LEVEL_FIELDS} fields`);
    }
  }
}
