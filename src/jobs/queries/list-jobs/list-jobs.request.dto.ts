import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LifecycleSearchQuery } from '../../../lifecycle/lifecycle-search-query.dto';
import { JOB_STATUSES, type JobStatus } from '../../domain/job-status';

export class ListJobsRequest extends LifecycleSearchQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}
