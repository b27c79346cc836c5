import { isDatabaseUnavailable } from '../../platform/database/database-unavailable';
import type { AttemptOutcomeRecord, DeliveryQueue } from './delivery-queue';
import { storableString } from '../http/storable-text';

/** The one call of the DeliveryQueue the recorder needs (so its batching is unit-tested with a fake of its own). */
export type AttemptResultStore = Pick<DeliveryQueue, 'recordAttempts'>;

interface Waiting {
  outcome: AttemptOutcomeRecord;
  done: (recorded: boolean) => void;
  fail: (error: unknown) => void;
}

const MAX_BATCH = 200;
/**
 * How long a result waits for others before a write starts. The receiver already has its delivery, so this
 * delays only the bookkeeping (callback_* columns, the attempt log); at a steady trickle it groups a few results
 * per statement, so the database does less per delivery and completions' commits do not queue behind one record
 * statement per delivery (docs/benchmarks.md, "Group commit and the 10 ms attempt-record wait").
 */
const LINGER_MS = 10;

/** Writes under way at once, at most: normally one; more only while the others are stuck (see STALL_MS). */
const MAX_WRITERS = 4;
/**
 * A write taking longer than this is presumed stuck (a connection gone silent is only given up after the statement
 * timeout + 5 s): results waiting behind it get another writer, or their leases would expire before they are
 * recorded, and each new attempt of those deliveries would be lost the same way.
 */
const STALL_MS = 1000;

/**
 * Group commit for attempt results: the first result waits LINGER_MS for others; results that arrive while a
 * write is under way go out together in the next statement. Under load that is one round trip for many
 * deliveries. No batch fails for one member: a batch the database refuses is recorded member by member, and a
 * member refused alone is recorded once more with its body replaced by a note naming the refusal (and its error
 * text made storable), so its delivery still follows the retry schedule instead of being re-sent each time its
 * lease expires. One stuck write holds up nothing: while every writer is stuck, another starts.
 */
export class AttemptRecorder {
  private readonly queue: Waiting[] = [];
  private writers = 0;
  private stuck = 0;

  constructor(
    private readonly store: AttemptResultStore,
    private readonly stallMs = STALL_MS,
  ) {}

  /** Resolves true once recorded, false when the lease had been lost and nothing was written. */
  record(outcome: AttemptOutcomeRecord): Promise<boolean> {
    return new Promise((done, fail) => {
      this.queue.push({ outcome, done, fail });
      this.wake();
    });
  }

  private wake(): void {
    if (this.queue.length > 0 && (this.writers === 0 || (this.writers === this.stuck && this.writers < MAX_WRITERS))) void this.write();
  }

  private async write(): Promise<void> {
    this.writers++;
    try {
      await new Promise((done) => setTimeout(done, LINGER_MS));
      while (this.queue.length > 0) {
        let stuck = false;
        const watch = setTimeout(() => {
          stuck = true;
          this.stuck++;
          this.wake();
        }, this.stallMs);
        try {
          await this.recordBatch(this.queue.splice(0, MAX_BATCH));
        } finally {
          clearTimeout(watch);
          if (stuck) this.stuck--;
        }
      }
    } finally {
      this.writers--;
    }
  }

  private async recordBatch(batch: Waiting[]): Promise<void> {
    try {
      const recorded = await this.store.recordAttempts(batch.map((waiting) => waiting.outcome));
      for (const waiting of batch) waiting.done(recorded.has(waiting.outcome.delivery.id));
    } catch (error) {
      // Without a database no member can be recorded: each lease expires and the poll retries the attempt.
      if (isDatabaseUnavailable(error)) for (const waiting of batch) waiting.fail(error);
      else if (batch.length > 1) for (const waiting of batch) await this.recordBatch([waiting]);
      else await this.recordStripped(batch[0], error);
    }
  }

  /** A result the database refused on its own: recorded with a note in place of its body, or failed. */
  private async recordStripped(waiting: Waiting, refusal: unknown): Promise<void> {
    const { result } = waiting.outcome;
    const stripped: AttemptOutcomeRecord = {
      ...waiting.outcome,
      result: {
        ...result,
        responseBody: storableString(`(not stored: the database refused this result: ${messageOf(refusal)})`),
        error: result.error === null ? null : storableString(result.error),
      },
    };
    try {
      const recorded = await this.store.recordAttempts([stripped]);
      waiting.done(recorded.has(stripped.delivery.id));
    } catch (error) {
      waiting.fail(error);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
