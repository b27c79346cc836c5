import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { PageRequest } from '../database/keyset-page';
import { CursorQuery } from './cursor-query';
import { VERSION_CURSOR } from './page-cursor';
import { CURSOR_DOC, DEFAULT_PAGE_SIZE, LIMIT_DOC, MAX_PAGE_SIZE } from './page-query.dto';
import { PlainIntegerQuery } from './plain-integer-query';

/** `?limit=&cursor=` of an entity's event stream (in version order). */
export class StreamPageQuery {
  @ApiPropertyOptional(LIMIT_DOC)
  @IsOptional()
  @PlainIntegerQuery(1n, BigInt(MAX_PAGE_SIZE))
  limit?: number;

  /** The version the previous page ended at. */
  @ApiPropertyOptional(CURSOR_DOC)
  @IsOptional()
  @CursorQuery(VERSION_CURSOR)
  cursor?: number;

  page(): PageRequest<number> {
    return { limit: this.limit ?? DEFAULT_PAGE_SIZE, after: this.cursor };
  }
}
