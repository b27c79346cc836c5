import { MAX_STEP_ERROR_LENGTH } from '../../domain/step-decider';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import type { StepMetrics } from '../../domain/step-metrics';
import { STEP_TERMINAL_STATUSES, type StepTerminalStatus } from '../../domain/step-status';

export class CompleteStepRequest {
  @ApiProperty({ enum: STEP_TERMINAL_STATUSES })
  @IsIn(STEP_TERMINAL_STATUSES)
  status: StepTerminalStatus;

  @ApiPropertyOptional({ maxLength: 10_000, description: 'Why the step failed.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_STEP_ERROR_LENGTH)
  error?: string;

  // The object and its size are checked here; that every value is a finite number, by the step's decider (400 naming the key).
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'What the step measured, names to finite numbers (e.g. duration_ms, tokens_in, tokens_out); a JSON object of at most 64 KiB. Recorded with the completion, before its webhook is sent.',
    example: { duration_ms: 1840, tokens_in: 512, tokens_out: 80 },
  })
  @IsOptional()
  @IsMetadata()
  metrics?: StepMetrics;
}
