import type { PageRequest } from '../../../platform/database/keyset-page';

export class ListRunStepsQuery {
  constructor(
    readonly runId: string,
    /** A part of the list: at most `limit` steps after the one at `after`. */
    readonly page: PageRequest,
    /** Refuse (404) a run that does not exist: a page's first read does, rather than answer an empty list. */
    readonly checkRun = true,
  ) {}
}
