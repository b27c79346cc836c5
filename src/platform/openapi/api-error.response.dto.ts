import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error answer (ApiErrorFilter writes it): documented once, referenced by every error response. */
export class ApiErrorResponse {
  @ApiProperty({ example: 404, description: 'The HTTP status again.' })
  statusCode: number;

  @ApiProperty({ example: 'Not Found', description: "The status's reason phrase." })
  error: string;

  @ApiProperty({ example: 'job job-0b8f3c1e-6a57-4f0e-9d55-2f4b8a1c9e21 not found', description: 'What went wrong, for a person.' })
  message: string;

  @ApiPropertyOptional({ example: 'callback_url', description: 'The input at fault: a body field (dotted path), a query parameter, `id`, `body`, `content-type`, `authorization`, `idempotency-key`, `status`.' })
  field?: string;

  @ApiPropertyOptional({ example: 'unreadable_event', description: 'Set on errors told apart by more than the status: `unreadable_event`, `history_purged`.' })
  code?: string;

  @ApiPropertyOptional({ example: '48213', description: 'On a 410 from the event feed (`history_purged`): the sequence after which the feed is whole; read on with `after` set to it.' })
  history_starts_after?: string;

  @ApiPropertyOptional({ description: 'On a 500: the request id to quote (also in the `x-request-id` header of every answer).' })
  request_id?: string;
}
