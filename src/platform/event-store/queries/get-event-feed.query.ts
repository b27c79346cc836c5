import type { FeedRequest } from '../event-store';

export class GetEventFeedQuery {
  constructor(readonly request: FeedRequest) {}
}
