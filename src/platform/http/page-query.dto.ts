import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { CreatedPosition, PageRequest } from '../database/keyset-page';
import { CursorQuery } from './cursor-query';
import { CREATED_CURSOR } from './page-cursor';
import { PlainIntegerQuery } from './plain-integer-query';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
export const LIMIT_DOC = { type: Number, minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Items per page.' } as const;
export const CURSOR_DOC = { type: String, description: 'The `next_cursor` of the previous page (opaque); without it, the first page.' } as const;

/** `?limit=&cursor=` of every list in creation order (jobs, runs, steps, deliveries). */
export class PageQuery {
  @ApiPropertyOptional(LIMIT_DOC)
  @IsOptional()
  @PlainIntegerQuery(1n, BigInt(MAX_PAGE_SIZE))
  limit?: number;

  /** Decoded from the opaque text the client sends back. */
  @ApiPropertyOptional(CURSOR_DOC)
  @IsOptional()
  @CursorQuery(CREATED_CURSOR)
  cursor?: CreatedPosition;

  page(): PageRequest {
    return { limit: this.limit ?? DEFAULT_PAGE_SIZE, after: this.cursor };
  }
}
