import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';

export class CreateStepRequest {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form JSON object, at most 64 KiB.' })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
