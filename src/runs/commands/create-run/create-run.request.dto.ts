import { MAX_AGENT_ID_LENGTH } from '../../domain/run-decider';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import { IsCallbackUrl } from '../../../platform/destination/is-callback-url.validator';

export class CreateRunRequest {
  @ApiPropertyOptional({ description: 'The agent this run belongs to.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, MAX_AGENT_ID_LENGTH)
  agent_id?: string;

  @ApiPropertyOptional({ description: 'Receives a POST when the run first reaches a terminal status.', format: 'uri', maxLength: 2048, example: 'https://ci.example.com/hooks/runs' })
  @IsOptional()
  @IsCallbackUrl()
  callback_url?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form JSON object, at most 64 KiB.' })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
