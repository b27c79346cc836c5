import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { LifecycleSearchQuery } from '../../../lifecycle/lifecycle-search-query.dto';
import { RUN_STATUSES, type RunStatus } from '../../domain/run-status';

export class ListRunsRequest extends LifecycleSearchQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  agent_id?: string;
}
