import type { DomainEvent } from '../domain/domain-event';

export interface PendingWrite {
  sql: string;
  params: unknown[];
  /** The rows it writes ('table:key'), where known: no other write of the same statement may touch them. */
  rows?: readonly string[];
  /** A guard: the write must return as many rows as its last parameter says, or the whole statement fails with this text. */
  guard?: string;
}

/** The SQLSTATE precondition_holds raises (migration LeasesOutOfTheDeliveryRows): a guard found fewer rows than it needs. */
const PRECONDITION_FAILED = 'CBP01';

export function isPreconditionFailure(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === PRECONDITION_FAILED;
}

/** A guard failure saying the unit read state that changed before it committed: the unit of work runs it again. */
export const STALE_READ = 'stale read: ';

export function isStaleRead(error: unknown): boolean {
  return isPreconditionFailure(error) && String((error as { message?: unknown }).message).startsWith(STALE_READ);
}

/**
 * What one unit of work will write: the domain events it produced and the writes it queued. Not a database
 * transaction: nothing runs until commit, when the writes become a single statement (data-modifying CTEs), so the
 * state change, its events and its outbox rows reach PostgreSQL in one round trip and commit atomically.
 */
export class WriteBatch {
  readonly events: DomainEvent[] = [];

  /** `attempt`: which run of its unit of work this is (1 first; a collision or a stale read runs the unit again). */
  constructor(readonly attempt = 1) {}
  private readonly writes: PendingWrite[] = [];
  private readonly rollbackHooks: (() => void)[] = [];
  private readonly commitHooks: (() => void)[] = [];
  private readonly sharedLocks = new Set<number>();
  private readonly writtenRows = new Set<string>();
  private readonly statesAfterEvents = new WeakMap<DomainEvent, unknown>();
  private cachedReads = false;

  /**
   * Queues an INSERT or UPDATE whose parameters are numbered from $1 within `sql`. Two writes of one row are refused:
   * in sibling CTEs PostgreSQL would apply one of them and silently drop the other.
   */
  write(sql: string, params: unknown[], rows: readonly string[] = []): void {
    for (const row of rows) {
      if (this.writtenRows.has(row)) throw new Error(`two writes of ${row} in one unit of work: PostgreSQL would keep only one`);
    }
    for (const row of rows) this.writtenRows.add(row);
    this.writes.push({ sql, params, rows });
  }

  /**
   * Queues a write (returning one row per row it affects) that must affect exactly `expected` rows: a precondition
   * checked in the same statement, under the row locks the write takes. If it does not hold, nothing of the
   * statement is written and the commit fails with an error isPreconditionFailure recognises, saying `failure`.
   */
  writeGuard(sql: string, params: unknown[], expected: number, failure: string, rows: readonly string[] = []): void {
    this.write(sql, [...params, expected], rows);
    this.writes[this.writes.length - 1].guard = failure;
  }

  /** The rows this unit writes, where its writes name them. */
  get rows(): ReadonlySet<string> {
    return this.writtenRows;
  }

  /**
   * Takes a shared advisory lock before any of the writes and holds it until commit: the statement's main query
   * runs first, its data-modifying CTEs after it, so the lock precedes every row the unit writes.
   */
  holdSharedLockUntilCommit(key: number): void {
    this.sharedLocks.add(key);
  }

  /** Notes the state its stream is in after `event` (the fold of the stream through it), for subscribers. */
  noteStateAfter(event: DomainEvent, state: unknown): void {
    this.statesAfterEvents.set(event, state);
  }

  /** The state the event's stream is in after it, as its decider folds it (undefined: not appended by a decider). */
  stateAfter(event: DomainEvent): unknown {
    return this.statesAfterEvents.get(event);
  }

  /** Runs if this unit of work does not commit (an error, or a retry after a concurrent change). */
  onRollback(hook: () => void): void {
    this.rollbackHooks.push(hook);
  }

  /** Runs once the writes committed. */
  onCommit(hook: () => void): void {
    this.commitHooks.push(hook);
  }

  /** A row came from a process-local cache rather than the database; `evict` drops it if this unit fails. */
  noteCachedRead(evict: () => void): void {
    this.cachedReads = true;
    this.onRollback(evict);
  }

  get readCachedState(): boolean {
    return this.cachedReads;
  }

  get hasWrites(): boolean {
    return this.writes.length > 0;
  }

  /** Units of one shape (the same writes' texts and locks) compile to the same statement, whatever their values. */
  get shape(): string {
    return `${this.writes.map((write) => `${write.sql}${write.guard ? `\n-- guard: ${write.guard}` : ''}`).join('\n;\n')}\n;${[...this.sharedLocks].join(',')}`;
  }

  /** The parameters of compileTogether(units)'s statement, in its order. */
  static paramsOf(units: readonly WriteBatch[]): unknown[] {
    return units.flatMap((unit) => unit.writes.flatMap((write) => write.params));
  }

  /**
   * The writes of several units as one statement (parameters renumbered), which commits them all or none. Each
   * unit's writes are the same as alone; one that fails (a collision, a constraint) fails it for all of them.
   */
  static compileTogether(units: readonly WriteBatch[]): PendingWrite {
    const params: unknown[] = [];
    const parts: string[] = [];
    const locks = new Set<number>();
    const guards: string[] = [];
    for (const unit of units) {
      for (const write of unit.writes) {
        const offset = params.length;
        params.push(...write.params);
        const sql = offset === 0 ? write.sql : write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
        if (write.guard !== undefined) {
          const failure = write.guard.replace(/'/g, "''");
          guards.push(`precondition_holds((SELECT count(*) FROM w${parts.length}) = $${params.length}::int, '${failure}')`);
        }
        parts.push(`w${parts.length} AS (${sql})`);
      }
      for (const key of unit.sharedLocks) locks.add(key);
    }
    // The locks come first: the main query runs before the data-modifying CTEs it does not read, and a guard reads its own.
    const calls = [...[...locks].map((key) => `pg_advisory_xact_lock_shared(${Math.trunc(key)})`), ...guards];
    return { sql: `WITH ${parts.join(',\n')} SELECT ${calls.length > 0 ? calls.join(', ') : '1'}`, params };
  }

  rollback(): void {
    this.commitHooks.length = 0;
    for (const hook of this.rollbackHooks.splice(0)) hook();
  }

  committed(): void {
    this.rollbackHooks.length = 0;
    for (const hook of this.commitHooks.splice(0)) hook();
  }
}
