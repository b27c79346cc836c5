import { ApiProperty } from '@nestjs/swagger';
import { OPERATION_STATUSES, type OperationStatus } from './domain/operation-state';
import type { RedeliveryFilter } from './domain/redelivery-filter';
import type { OperationRecord } from './persistence/operations.table';

/** A bulk redelivery and its progress. */
export class OperationResponse {
  @ApiProperty({ example: 'op-5f0c…' })
  id: string;

  @ApiProperty({ enum: ['redelivery'] })
  kind: 'redelivery';

  @ApiProperty({ enum: OPERATION_STATUSES, description: '`running` until every matched delivery was asked for again (`done`) or it was cancelled.' })
  state: OperationStatus;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The filter it was started with.', example: { status: 'dead_lettered', host: 'ci.example.com' } })
  filter: RedeliveryFilter;

  @ApiProperty({ description: 'Deliveries the filter matched when it started (created before it).' })
  matched: number;

  @ApiProperty({ description: 'Deliveries asked for again so far (a delivery that no longer matched when its turn came is skipped).' })
  scheduled: number;

  @ApiProperty({ description: 'Of those, delivered since (their latest attempt was answered 2xx).' })
  succeeded: number;

  @ApiProperty({ description: 'Of those, failed again with no attempt left (dead-lettered again).' })
  failed: number;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finished_at: string | null;

  static from(operation: OperationRecord): OperationResponse {
    return {
      id: operation.id,
      kind: operation.kind,
      state: operation.status,
      filter: operation.filter,
      matched: operation.matched,
      scheduled: operation.scheduled,
      succeeded: operation.succeeded,
      failed: operation.failed,
      created_at: operation.createdAt.toISOString(),
      finished_at: operation.finishedAt?.toISOString() ?? null,
    };
  }
}
