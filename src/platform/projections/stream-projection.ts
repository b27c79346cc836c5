import type { EntityManager } from 'typeorm';
import type { StoredEventRecord } from '../event-store/stored-event.orm-entity';

/** One stream's events, in version order and in their current schema shape. */
export interface RecordedStream {
  streamId: string;
  events: StoredEventRecord[];
}

/**
 * A read model derived from one stream type. A rebuild empties `tables` and hands the projection every stream of
 * `streamType`, a batch of whole streams at a time, in order of their first event.
 */
export interface StreamProjection {
  readonly streamType: string;
  readonly tables: readonly string[];
  project(streams: RecordedStream[], db: EntityManager): Promise<void>;
}
