import { EventFeedController } from '../event-store/event-feed.controller';
import { DescribeOperation } from './describe-operation.decorator';

let described = false;

/**
 * The event feed's documentation, applied to its controller method from here: the event store is being restructured
 * elsewhere, so its files are left alone. Move this decorator onto `EventFeedController.feed` when that work lands.
 */
export function describeEventFeed(): void {
  if (described) return;
  described = true;
  const feed = Object.getOwnPropertyDescriptor(EventFeedController.prototype, 'feed');
  if (!feed) throw new Error('EventFeedController.feed is gone: move its OpenAPI description along with it');
  DescribeOperation({
    id: 'listEvents',
    summary: 'Read the event feed',
    description:
      'Every event of every job, run, step and delivery, in `sequence` order, after the sequence `after` (default 0), `limit` at a time ' +
      '(default 100, at most 1000), optionally of one `type`. A reader that keeps the last sequence it saw never misses or repeats an event.',
    errors: [400, 410, 500],
  })(EventFeedController.prototype, 'feed', feed);
}
