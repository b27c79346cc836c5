import { DeliveryRepository, type AttemptOutcomeRecord } from '../persistence/delivery.repository';

interface Waiting {
  outcome: AttemptOutcomeRecord;
  done: (recorded: boolean) => void;
  fail: (error: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * Group commit for attempt results: a result is written at once when no write is under way; results that
 * arrive meanwhile go out together in the next statement. Under load that is one round trip for many
 * deliveries; when quiet it adds no delay.
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
