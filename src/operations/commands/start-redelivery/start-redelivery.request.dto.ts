import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { deliverySearchOf, DeliverySearchFields } from '../../../webhooks/queries/list-deliveries/delivery-search-fields';
import { REDELIVERABLE_STATUSES, type RedeliverableStatus, type RedeliveryFilter } from '../../domain/redelivery-filter';

/** Which deliveries to ask for again: the deliveries list's search fields; every field narrows; at least one must be given. */
export class StartRedeliveryRequest extends DeliverySearchFields(class {}) {
  @ApiPropertyOptional({ enum: REDELIVERABLE_STATUSES, description: 'Usually `dead_lettered`.' })
  @IsOptional()
  @IsIn(REDELIVERABLE_STATUSES)
  status?: RedeliverableStatus;

  @ApiPropertyOptional({ description: "Only deliveries whose last attempt was answered with this HTTP status code.", example: 503 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  status_code?: number;

  /** The filter as the operation keeps it (times normalised to ISO text). */
  toFilter(): RedeliveryFilter {
    return deliverySearchOf<RedeliveryFilter>(this);
  }
}
