import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { JobCompletedEvent } from '../../jobs/events/job-completed.event';
import { AppConfig } from '../../platform/config/app-config';
import { RunCompletedEvent } from '../../runs/events/run-completed.event';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import { DeliveryDispatcher } from '../dispatch/delivery-dispatcher';
import { deliveryTargetOf } from './completion-delivery';

type CompletionEvent = JobCompletedEvent | RunCompletedEvent | StepCompletedEvent;

/** Runs after the completing transaction committed: hands its delivery to the dispatcher at once. */
@EventsHandler(JobCompletedEvent, RunCompletedEvent, StepCompletedEvent)
export class DispatchCompletedSubjectHandler implements IEventHandler<CompletionEvent> {
  constructor(
    private readonly dispatcher: DeliveryDispatcher,
    private readonly config: AppConfig,
  ) {}

  handle(event: CompletionEvent): void {
    const target = deliveryTargetOf(event, this.config.stepCompleteWebhook);
    if (!target) return;
    const host = new URL(target.url).host;
    // After the current turn of the event loop, so the completing request's response is written first.
    setImmediate(() => void this.dispatcher.dispatchSubject(target.kind, target.subjectId, host));
  }
}
