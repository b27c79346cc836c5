import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../../../platform/http/page-query.dto';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain/delivery-kind';

export class ListDeliveriesRequest extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ description: 'Only deliveries about this job, run or step.' })
  @IsOptional()
  @IsString()
  subject_id?: string;
}
