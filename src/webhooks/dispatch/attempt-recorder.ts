import { DeliveryRepository, type AttemptOutcomeRecord } from '../persistence/delivery.repository';

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
 * statement per delivery (README, Benchmark).
 */
const LINGER_MS = 10;

/**
 * Group commit for attempt results: the first result waits LINGER_MS for others; results that arrive while a
 * write is under way go out together in the next statement. Under load that is one round trip for many
 * deliveries.
 */
export class AttemptRecorder {
  private readonly queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly deliveries: DeliveryRepository) {}

  /** Resolves true once recorded, false when the lease had been lost and nothing was written. */
  record(outcome: AttemptOutcomeRecord): Promise<boolean> {
    return new Promise((done, fail) => {
      this.queue.push({ outcome, done, fail });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    await new Promise((done) => setTimeout(done, LINGER_MS));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const recorded = await this.deliveries.recordAttempts(batch.map((waiting) => waiting.outcome));
        for (const waiting of batch) waiting.done(recorded.has(waiting.outcome.delivery.id));
      } catch (error) {
        for (const waiting of batch) waiting.fail(error);
      }
    }
    this.writing = false;
  }
}
