import { ApiProperty } from '@nestjs/swagger';

export class SecretRotatedResponse {
  @ApiProperty({ format: 'date-time', description: 'From now on deliveries are signed with the new secret.' })
  rotated_at: string;

  @ApiProperty({ format: 'date-time', description: 'Until then they carry a second signature, by the secret it replaced (ENDPOINT_SECRET_OVERLAP).' })
  previous_secret_expires_at: string;
}
