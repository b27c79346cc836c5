import { ApiProperty } from '@nestjs/swagger';

/** The answer to a bulk redelivery request: the operation to follow, and how many deliveries it covers. */
export class RedeliveryStartedResponse {
  @ApiProperty({ description: 'Follow it at GET /v1/operations/{operation_id}.', example: 'op-5f0c…' })
  operation_id: string;

  @ApiProperty({ description: 'Deliveries the filter matched (created before the request).' })
  matched: number;
}
