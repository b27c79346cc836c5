import type { PendingWrite } from '../database/write-batch';
import type { RecordedEvent } from '../domain/recorded-event';

/** A stream's rows before and after some of its events (`before` undefined: the table holds nothing for it yet). */
export interface RowChange<Row> {
  before: Row | undefined;
  after: Row;
}

/**
 * A read model fed only by events. Its fold gives the rows one stream stands for; `store` writes them. The unit
 * of work uses it for the events a command appends (the writes join the command's one statement) and the rebuild
 * for whole streams from an emptied table: the same class and the same fold, so the two cannot drift apart.
 */
export interface Projection<Row = unknown> {
  readonly streamType: string;
  readonly tables: readonly string[];
  evolve(row: Row | undefined, event: RecordedEvent): Row | undefined;
  /** Statements that bring the tables from each change's `before` to its `after`; one per table, for any number of changes. */
  store(changes: readonly RowChange<Row>[]): PendingWrite[];
}
