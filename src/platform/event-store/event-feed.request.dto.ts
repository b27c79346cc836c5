import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { MAX_BIGINT, PlainIntegerQuery } from '../http/plain-integer-query';

export const MAX_FEED_PAGE = 1000;

export class EventFeedRequest {
  /** Decimal digits: a sequence is a bigint, past what a Number holds exactly. */
  @ApiPropertyOptional({ type: Number, description: 'Return events after this sequence (the last one the reader saw); 0 from the start.', minimum: 0, default: 0 })
  @IsOptional()
  @PlainIntegerQuery(0n, MAX_BIGINT, 'digits')
  after?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_FEED_PAGE, default: 100 })
  @IsOptional()
  @PlainIntegerQuery(1n, BigInt(MAX_FEED_PAGE))
  limit?: number;

  @ApiPropertyOptional({ description: 'Only events of this type, e.g. JobCompleted.', example: 'JobCompleted' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;
}
