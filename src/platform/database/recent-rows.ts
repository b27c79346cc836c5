/** Per stream type: entities are typically created, then finished soon after; ~1 KB each with small metadata. */
export const RECENT_ROWS_PER_TABLE = 20_000;
/** Per stream type, by the size of what entries carry (metadata may be 64 KiB each): the cache never dominates the heap. */
export const RECENT_BYTES_PER_TABLE = 8 * 1024 * 1024;

/**
 * A bounded map of rows this process committed lately, oldest evicted first, bounded both in rows and in
 * bytes (as weighed by `sizeOf`). A command on an entity this process just wrote can then skip the read; a
 * stale entry (another replica changed the entity) is harmless, because the write appends the stream's next
 * version and collides, and the retry reads afresh.
 */
export class RecentRows<R> {
  private readonly rows = new Map<string, { row: R; bytes: number; at: number }>();
  private bytes = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxBytes: number = Number.POSITIVE_INFINITY,
    private readonly sizeOf: (row: R) => number = () => 0,
    /** Older entries are not answered: what they say may have been purged since (see EventStore.cachedStateMaxAgeMs). */
    private readonly maxAgeMs: number = Number.POSITIVE_INFINITY,
  ) {}

  get(id: string): R | undefined {
    const entry = this.rows.get(id);
    if (entry && Date.now() - entry.at > this.maxAgeMs) {
      this.delete(id);
      return undefined;
    }
    return entry?.row;
  }

  set(id: string, row: R): void {
    this.delete(id); // re-inserted at the young end
    const bytes = this.sizeOf(row);
    if (bytes > this.maxBytes) return;
    this.rows.set(id, { row, bytes, at: Date.now() });
    this.bytes += bytes;
    while (this.rows.size > this.capacity || this.bytes > this.maxBytes) this.delete(this.rows.keys().next().value as string);
  }

  delete(id: string): void {
    const entry = this.rows.get(id);
    if (!entry) return;
    this.rows.delete(id);
    this.bytes -= entry.bytes;
  }

  get size(): number {
    return this.rows.size;
  }
}
