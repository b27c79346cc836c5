import type { CreatedPosition } from '../database/keyset-page';

/** Longer than any cursor this service writes: refused before it is decoded. */
const MAX_CURSOR_LENGTH = 400;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** As `Date.prototype.toISOString` writes it (UTC, milliseconds). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The ids this service makes (`job-<uuid>`, `dlv-<uuid>` …), with room to spare. */
const ID = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * How one kind of list writes the place it stopped as an opaque `next_cursor` and reads it back. The text is
 * base64url of a JSON array of the keyset values; clients must not build or read it (only the dashboard, which
 * ships with the service, does: see dashboard/src/delivery-page.ts). `decode` answers undefined for anything it
 * did not write.
 */
export interface CursorFormat<P> {
  encode(position: P): string;
  decode(cursor: string): P | undefined;
}

/** Lists in creation order (jobs, runs, steps, deliveries): `[created_at, id]`. */
export const CREATED_CURSOR: CursorFormat<CreatedPosition> = {
  encode: ({ at, id }) => encodeValues([at.toISOString(), id]),
  decode: (cursor) => {
    const values = decodeValues(cursor);
    if (values?.length !== 2) return undefined;
    const [at, id] = values;
    if (typeof at !== 'string' || !ISO_INSTANT.test(at) || typeof id !== 'string' || !ID.test(id)) return undefined;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) || date.toISOString() !== at ? undefined : { at: date, id };
  },
};

/** An entity's event stream in order: `[version]`. */
export const VERSION_CURSOR: CursorFormat<number> = {
  encode: (version) => encodeValues([version]),
  decode: (cursor) => {
    const values = decodeValues(cursor);
    if (values?.length !== 1) return undefined;
    const [version] = values;
    return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 && version <= 2 ** 31 - 1 ? version : undefined;
  },
};

function encodeValues(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeValues(cursor: string): unknown[] | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(values) ? values : undefined;
  } catch {
    return undefined;
  }
}
