import { Global, Module } from '@nestjs/common';
import { DestinationPolicy } from './destination/destination-policy';

@Global()
@Module({
  providers: [DestinationPolicy],
  exports: [DestinationPolicy],
})
export class WebhooksModule {}
