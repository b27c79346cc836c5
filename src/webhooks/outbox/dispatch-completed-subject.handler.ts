import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { JobCompletedEvent } from '../../jobs/events/job-completed.event';
import { RunCompletedEvent } from '../../runs/events/run-completed.event';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import { DeliveryDispatcher } from '../dispatch/delivery-dispatcher';
import { DeliveryScheduler } from './delivery-scheduler';

type CompletionEvent = JobCompletedEvent | RunCompletedEvent | StepCompletedEvent;

/** Runs after the completing unit of work committed: hands the delivery row it wrote to the dispatcher. */
@EventsHandler(JobCompletedEvent, RunCompletedEvent, StepCompletedEvent)
export class DispatchCompletedSubjectHandler implements IEventHandler<CompletionEvent> {
  constructor(
    private readonly dispatcher: DeliveryDispatcher,
    private readonly scheduler: DeliveryScheduler,
  ) {}

  handle(event: CompletionEvent): void {
    const committed = this.scheduler.committedDeliveryOf(event);
    if (!committed) return;
    // After the current turn of the event loop, so the completing request's response is written first.
    setImmediate(() => void this.dispatcher.dispatchCommitted(committed));
  }
}
