import { isDeepStrictEqual } from 'node:util';

// `any` rather than `unknown`: TypeORM's partial-entity types reject `unknown` values in jsonb columns.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Metadata = Record<string, any>;

/** The limit holds for metadata as stored: as created, and after every merge. */
export const MAX_METADATA_BYTES = 64 * 1024;

export function metadataBytes(metadata: Metadata): number {
  return Buffer.byteLength(JSON.stringify(metadata));
}

/** Shallow merge where the update's keys win; undefined when the merge changes nothing. */
export function mergeMetadata(current: Metadata, update: Metadata): Metadata | undefined {
  const merged = { ...current, ...update };
  return isDeepStrictEqual(merged, current) ? undefined : merged;
}
