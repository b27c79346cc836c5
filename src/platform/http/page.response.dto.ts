import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** What every list answers. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/**
 * The OpenAPI schema of a page of `item`s, to extend under the page's own name:
 * `export class JobPage extends PageOf(JobResponse) {}`.
 */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  abstract class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item], description: 'This page of the list, in the list\'s order.' })
    data: T[];

    @ApiProperty({ type: String, nullable: true, description: 'Send it as `cursor` for the next page (opaque); null on the last page.' })
    next_cursor: string | null;

    @ApiProperty({ description: 'Whether another page follows (read with `next_cursor`).' })
    has_more: boolean;
  }
  return PageOfItems as Type<Page<T>>;
}

/** How every list operation describes its paging. */
export const PAGED =
  'Answers `{data, has_more, next_cursor}`, `limit` items at a time (default 50, at most 1000); send `next_cursor` back as `cursor` for the next page.';
