import { ApiProperty } from '@nestjs/swagger';
import { DeliveryAttemptResponse } from './delivery-attempt.response.dto';
import { DeliveryResponse } from './delivery.response.dto';
import type { DeliveryDetail } from './queries/get-delivery/get-delivery.handler';

export class DeliveryDetailResponse extends DeliveryResponse {
  @ApiProperty({ type: [DeliveryAttemptResponse] })
  attempts: DeliveryAttemptResponse[];

  static fromDetail({ delivery, attempts, headersSent }: DeliveryDetail): DeliveryDetailResponse {
    return { ...DeliveryResponse.from(delivery), attempts: attempts.map((attempt, i) => DeliveryAttemptResponse.from(attempt, headersSent[i])) };
  }
}
