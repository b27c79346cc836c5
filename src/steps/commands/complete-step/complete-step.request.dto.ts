import { MAX_STEP_ERROR_LENGTH } from '../../domain/step-decider';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
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
}
