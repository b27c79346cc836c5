import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import { JOB_STATUSES, type JobStatus } from '../../domain/job-status';

export class UpdateJobRequest {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Merged into the stored metadata; keys given here win.' })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
