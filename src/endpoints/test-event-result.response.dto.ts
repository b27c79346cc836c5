import { ApiProperty } from '@nestjs/swagger';
import type { AttemptResult } from '../webhooks/http/attempt-result';

export class TestEventResultResponse {
  @ApiProperty({ example: 'test-3c2d…', description: 'The webhook-id the test request carried.' })
  webhook_id: string;

  @ApiProperty({ description: 'Whether the receiver answered 2xx.' })
  ok: boolean;

  @ApiProperty({ type: Number, nullable: true })
  status_code: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 503', description: 'What went wrong (null after a 2xx).' })
  error: string | null;

  @ApiProperty()
  duration_ms: number;

  @ApiProperty({ type: String, nullable: true, description: 'The first 1 KiB of the answer, as text.' })
  response_body: string | null;

  static from(webhookId: string, result: AttemptResult): TestEventResultResponse {
    return {
      webhook_id: webhookId, ok: result.outcome === 'success', status_code: result.statusCode, error: result.error,
      duration_ms: result.durationMs, response_body: result.responseBody,
    };
  }
}
