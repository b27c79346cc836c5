import { Module } from '@nestjs/common';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

@Module({
  controllers: [MetricsController],
  providers: [{ provide: MetricsRegistry, useFactory: () => MetricsRegistry.create() }, HttpMetricsHook],
  exports: [MetricsRegistry, HttpMetricsHook],
})
export class MetricsModule {}
