import { ApiProperty } from '@nestjs/swagger';
import type { DeliveryAttemptRecord } from './persistence/delivery-attempt.orm-entity';

export class DeliveryAttemptResponse {
  @ApiProperty({ description: '1 for the first attempt.' })
  number: number;

  @ApiProperty({ format: 'date-time' })
  started_at: string;

  @ApiProperty()
  duration_ms: number;

  @ApiProperty({ nullable: true, type: Number })
  status_code: number | null;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'The first 1 KiB of the response body.' })
  response_body: string | null;

  static from(attempt: DeliveryAttemptRecord): DeliveryAttemptResponse {
    return {
      number: attempt.number,
      started_at: attempt.startedAt.toISOString(),
      duration_ms: attempt.durationMs,
      status_code: attempt.statusCode,
      error: attempt.error,
      response_body: attempt.responseBody,
    };
  }
}
