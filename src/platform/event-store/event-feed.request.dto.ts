import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const MAX_FEED_PAGE = 1000;

export class EventFeedRequest {
  @ApiPropertyOptional({ description: 'Return events after this sequence (the last one the reader saw); 0 from the start.', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_FEED_PAGE, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only events of this type, e.g. JobCompleted.', example: 'JobCompleted' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;
}
