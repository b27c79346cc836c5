import { Module } from '@nestjs/common';
import { DestinationPolicy } from './destination-policy';

/** Where user-supplied callback URLs may point: shared by the modules that accept them and the one that sends. */
@Module({
  providers: [DestinationPolicy],
  exports: [DestinationPolicy],
})
export class DestinationModule {}
