import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PlainIntegerQuery } from './plain-integer-query';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** `?limit=&after=` paging shared by every list route (newest first). */
export class PageQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @PlainIntegerQuery(1n, BigInt(MAX_PAGE_SIZE))
  limit?: number;

  @ApiPropertyOptional({ description: 'Continue after the item with this id.' })
  @IsOptional()
  @IsString()
  after?: string;

  page(): { limit: number; after?: string } {
    return { limit: this.limit ?? DEFAULT_PAGE_SIZE, after: this.after };
  }
}
