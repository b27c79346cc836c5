import { ApiProperty } from '@nestjs/swagger';
import { ATTEMPT_OUTCOMES, type AttemptOutcome } from './domain/delivery-events';
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

  @ApiProperty({ enum: ATTEMPT_OUTCOMES, description: 'What the attempt led to: retrying means another attempt is planned.' })
  outcome: AttemptOutcome;

  @ApiProperty({ nullable: true, type: String, description: 'The first 1 KiB of the response body.' })
  response_body: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The request headers this attempt sent, signature included; credentials from configuration (the step key) shown as [redacted].',
  })
  request_headers: Record<string, string>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: 'The response headers (names lowercased, at most 32, values cut at 256 characters; cookies, authorization and anything naming a token, secret, key, session or signature shown as [redacted]); null when no response came.',
  })
  response_headers: Record<string, string> | null;

  static from(attempt: DeliveryAttemptRecord, requestHeaders: Record<string, string>): DeliveryAttemptResponse {
    return {
      number: attempt.number,
      started_at: attempt.startedAt.toISOString(),
      duration_ms: attempt.durationMs,
      status_code: attempt.statusCode,
      error: attempt.error,
      outcome: attempt.outcome,
      response_body: attempt.responseBody,
      request_headers: requestHeaders,
      response_headers: attempt.responseHeaders,
    };
  }
}
