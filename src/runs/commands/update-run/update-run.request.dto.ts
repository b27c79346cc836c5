import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import { RUN_STATUSES, type RunStatus } from '../../domain/run-status';

export class UpdateRunRequest {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Merged into the stored metadata; keys given here win.' })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
