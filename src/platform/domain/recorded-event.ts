/** An event as read back from the event store: what a stream replay folds. */
export interface RecordedEvent {
  streamId: string;
  version: number;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any>;
  occurredAt: Date;
}
