/** Deeper than any request needs; class-transformer recurses per level and overflows the stack near 2,000. */
export const MAX_JSON_DEPTH = 32;
/** Request bodies have a handful of fields; thousands of unknown ones would make validation build huge errors. */
export const MAX_TOP_LEVEL_FIELDS = 16;
/**
 * Values in the whole body (array elements and object fields at every depth). 64 KiB of metadata holds a few
 * thousand in practice; tens of thousands of tiny ones only make every later walk of the value (validation, the
 * storable-text check, serialising) cost event-loop time that all other requests wait for.
 */
export const MAX_JSON_VALUES = 10_000;

export class JsonShapeError extends Error {}

/**
 * Scans the raw JSON once, before it is parsed, and refuses anything but an object at the top (every request
 * body is one: an array would be validated element by element), nesting deeper than MAX_JSON_DEPTH, more than
 * MAX_TOP_LEVEL_FIELDS fields in the top-level object, or more than MAX_JSON_VALUES values in all. Linear in
 * the body's size, no allocation: a hostile body is refused for the cost of reading it.
 */
export function assertJsonShape(raw: Buffer): void {
  let depth = 0;
  let topLevelFields = 0;
  let values = 0;
  let inString = false;
  const start = raw.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
  if (start !== -1 && raw[start] !== 0x7b) throw new JsonShapeError('the body must be a JSON object');
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
      // A container is a value, and so is its first member: `[[[1]]]` holds four without a comma.
      if ((values += 2) > MAX_JSON_VALUES) throw new JsonShapeError(`body has more than ${MAX_JSON_VALUES} values`);
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    } else if (byte === 0x3a && depth === 1) {
      if (++topLevelFields > MAX_TOP_LEVEL_FIELDS) throw new JsonShapeError(`body has more than ${MAX_TOP_LEVEL_FIELDS} fields`);
    } else if (byte === 0x2c) {
      if (++values > MAX_JSON_VALUES) throw new JsonShapeError(`body has more than ${MAX_JSON_VALUES} values`);
    }
  }
}
