import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { JobCallbackUrlChangedEvent } from '../../jobs/events/job-callback-url-changed.event';
import { RunCallbackUrlChangedEvent } from '../../runs/events/run-callback-url-changed.event';
import { DeliveryDispatcher } from '../dispatch/delivery-dispatcher';
import { CallbackRepointing, type CallbackUrlChange } from './callback-repointing';

/** Runs after a re-pointing committed: the delivery it made due goes to the dispatcher at once (claimed by its id). */
@EventsHandler(JobCallbackUrlChangedEvent, RunCallbackUrlChangedEvent)
export class DispatchRepointedDeliveryHandler implements IEventHandler<CallbackUrlChange> {
  constructor(
    private readonly dispatcher: DeliveryDispatcher,
    private readonly repointing: CallbackRepointing,
  ) {}

  handle(event: CallbackUrlChange): void {
    const committed = this.repointing.committedDeliveryOf(event);
    if (committed) setImmediate(() => void this.dispatcher.dispatchCommitted(committed));
  }
}
