/** Per table: entities are typically created, then finished soon after; ~1 KB a row. */
export const RECENT_ROWS_PER_TABLE = 20_000;

/**
 * A bounded map of rows this process committed lately, oldest evicted first. A command on an entity
 * this process just wrote can then skip the read; a stale entry (another replica changed the entity) is
 * harmless, because the write appends the stream's next version and collides, and the retry reads afresh.
 */
export class RecentRows<R> {
  private readonly rows = new Map<string, R>();

  constructor(private readonly capacity: number) {}

  get(id: string): R | undefined {
    return this.rows.get(id);
  }

  set(id: string, row: R): void {
    this.rows.delete(id); // re-inserted at the young end
    this.rows.set(id, row);
    if (this.rows.size > this.capacity) this.rows.delete(this.rows.keys().next().value as string);
  }

  delete(id: string): void {
    this.rows.delete(id);
  }
}
