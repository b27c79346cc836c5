import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import { IsCallbackUrl } from '../../../platform/destination/is-callback-url.validator';
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

  @ApiPropertyOptional({
    description: 'Re-points the callback: it goes to this URL from now on. An undelivered callback (pending, retrying or a dead letter) is sent there at once under the same webhook-id; once delivered, a change is a 409.',
    format: 'uri', maxLength: 2048, example: 'https://ci.example.com/hooks/jobs',
  })
  @IsOptional()
  @IsCallbackUrl()
  callback_url?: string;
}
