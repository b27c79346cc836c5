import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { JobCompletedEvent } from '../../jobs/events/job-completed.event';
import { RunCompletedEvent } from '../../runs/events/run-completed.event';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import { EndpointFanOut } from './endpoint-fan-out';

/** A completion committed in this process: its endpoints hear of it without waiting for the next look. */
@EventsHandler(JobCompletedEvent, RunCompletedEvent, StepCompletedEvent)
export class WakeFanOutHandler implements IEventHandler<JobCompletedEvent | RunCompletedEvent | StepCompletedEvent> {
  constructor(private readonly fanOut: EndpointFanOut) {}

  handle(): void {
    this.fanOut.wake();
  }
}
