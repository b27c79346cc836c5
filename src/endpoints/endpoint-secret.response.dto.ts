import { ApiProperty } from '@nestjs/swagger';

export class EndpointSecretResponse {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Verify webhook-signature with it (Standard Webhooks).' })
  secret: string;
}
