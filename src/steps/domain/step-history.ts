import type { RecordedEvent } from '../../platform/domain/recorded-event';
import type { StepState } from './step';

/** Replays a step's stream into the state the aggregate decides on (the log, not the steps row, is the truth). */
export class StepHistory {
  private state: StepState | undefined;
  private lastVersion = 0;

  constructor(private readonly id: string) {}

  apply(event: RecordedEvent): void {
    const at = event.occurredAt;
    this.lastVersion = event.version;
    if (event.type === 'StepCreated') {
      const { run_id: runId, metadata } = event.data;
      this.state = { id: this.id, runId, status: 'pending', error: null, metadata: metadata ?? {}, createdAt: at, updatedAt: at, completedAt: null };
      return;
    }
    if (!this.state) return; // not a step's stream
    this.state.updatedAt = at;
    if (event.type === 'StepCompleted') {
      this.state.status = event.data.status;
      this.state.error = event.data.error ?? null;
      this.state.completedAt = at;
    }
  }

  result(): { state: StepState; version: number } | undefined {
    return this.state ? { state: this.state, version: this.lastVersion } : undefined;
  }
}
