import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class RotateEndpointSecretRequest {
  @ApiPropertyOptional({ description: 'The new secret (`whsec_` and 24 to 64 bytes of base64); absent: one is generated.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  @IsOptional()
  @IsString()
  secret?: string;
}
