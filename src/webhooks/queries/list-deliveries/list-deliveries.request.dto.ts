import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../platform/http/page-query.dto';
import { PlainIntegerQuery } from '../../../platform/http/plain-integer-query';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain/delivery-kind';
import type { DeliverySearch } from '../../domain/delivery-search';
import { deliverySearchOf, DeliverySearchFields } from './delivery-search-fields';

export class ListDeliveriesRequest extends DeliverySearchFields(PageQuery) {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ type: Number, minimum: 100, maximum: 599, description: "Only deliveries whose last attempt was answered with this HTTP status code.", example: 503 })
  @IsOptional()
  @PlainIntegerQuery(100n, 599n)
  status_code?: number;

  search(): DeliverySearch {
    return deliverySearchOf<DeliverySearch>(this);
  }
}
