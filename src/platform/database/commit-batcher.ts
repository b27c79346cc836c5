import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';
import { preparedQuery } from './prepared-query';
import { WriteBatch } from './write-batch';

/** Commits under way at once; units that become ready meanwhile wait and go out together. */
export const CONCURRENT_COMMITS = 4;
/**
 * The largest group. Group sizes are powers of two, so each shape of unit has at most six statement texts, each
 * prepared once per connection, rather than one per size that PostgreSQL would keep a plan for.
 */
export const LARGEST_GROUP = 32;

interface Waiting {
  unit: WriteBatch;
  shape: string;
  done: () => void;
  fail: (error: unknown) => void;
}

/**
 * Group commit for units of work. While CONCURRENT_COMMITS statements are under way, units that become ready
 * wait; the next free commit sends the oldest of them together with others of the same shape as one statement
 * (one transaction, one round trip, one WAL flush for all of them). Under load that saves the database and the
 * service most of a commit per unit; when quiet a unit goes out at once, as before.
 * A group stays all-or-nothing per unit: if its statement fails, each unit is committed alone, so each gets
 * its own outcome (a collision for the unit that lost a race, success for the rest).
 */
export class CommitBatcher {
  private readonly waiting: Waiting[] = [];
  private committing = 0;
  /**
   * Statement texts by shape and group size, compiled once: the same text object each time also keeps the
   * prepared statement's name lookup cheap. Shapes come from the code's writes, not from input (many rows go as one JSON
   * parameter past a small count: row-upsert, the event store's append), so they are few.
   */
  private readonly statements = new Map<string, Map<number, string>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once the unit's writes committed; rejects with the database's error for this unit. */
  commit(unit: WriteBatch): Promise<void> {
    const shape = unit.shape;
    return new Promise((done, fail) => {
      this.waiting.push({ unit, shape, done, fail });
      if (this.committing < CONCURRENT_COMMITS) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.committing++;
    try {
      while (this.waiting.length > 0) await this.commitGroup(this.nextGroup());
    } finally {
      this.committing--;
    }
  }

  /**
   * The oldest waiting unit and as many more of its shape as make a power of two, up to LARGEST_GROUP; never two
   * units that write one row (one statement would keep only one of their writes).
   */
  private nextGroup(): Waiting[] {
    const shape = this.waiting[0].shape;
    const taken = new Set<string>();
    const sameShape = this.waiting.filter((waiting) => {
      if (waiting.shape !== shape || [...waiting.unit.rows].some((row) => taken.has(row))) return false;
      for (const row of waiting.unit.rows) taken.add(row);
      return true;
    });
    let size = 1;
    while (size * 2 <= Math.min(sameShape.length, LARGEST_GROUP)) size *= 2;
    const group = new Set(sameShape.slice(0, size));
    const rest = this.waiting.filter((waiting) => !group.has(waiting));
    this.waiting.splice(0, this.waiting.length, ...rest);
    return [...group];
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    if (group.length === 1) return this.commitAlone(group[0]);
    try {
      await this.run(group);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        for (const waiting of group) waiting.fail(error);
        return;
      }
      // Which unit failed, and why, only each alone can say; the others then commit as they would have.
      await Promise.all(group.map((waiting) => this.commitAlone(waiting)));
      return;
    }
    for (const waiting of group) waiting.done();
  }

  private async commitAlone(waiting: Waiting): Promise<void> {
    try {
      await this.run([waiting]);
    } catch (error) {
      waiting.fail(error);
      return;
    }
    waiting.done();
  }

  private run(group: Waiting[]): Promise<unknown> {
    const units = group.map((waiting) => waiting.unit);
    let bySize = this.statements.get(group[0].shape);
    if (!bySize) this.statements.set(group[0].shape, (bySize = new Map()));
    let sql = bySize.get(units.length);
    if (sql === undefined) bySize.set(units.length, (sql = WriteBatch.compileTogether(units).sql));
    return preparedQuery(this.dataSource, sql, WriteBatch.paramsOf(units));
  }
}
