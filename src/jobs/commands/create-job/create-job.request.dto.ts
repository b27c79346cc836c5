import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import { IsCallbackUrl } from '../../../platform/destination/is-callback-url.validator';

export class CreateJobRequest {
  @ApiPropertyOptional({ description: 'Receives a POST when the job first reaches a terminal status.', format: 'uri', maxLength: 2048, example: 'https://ci.example.com/hooks/jobs' })
  @IsOptional()
  @IsCallbackUrl()
  callback_url?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form JSON object, at most 64 KiB.' })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
