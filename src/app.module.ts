import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DashboardModule } from './dashboard/dashboard.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { DATABASE_SCHEMA } from './database-schema';
import { EVENT_SCHEMAS } from './event-schemas';
import { JobsModule } from './jobs/jobs.module';
import { AppConfig } from './platform/config/app-config';
import { AppConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { HealthModule } from './platform/health/health.module';
import { ApiErrorFilter } from './platform/http/api-error.filter';
import { ApiKeyGuard } from './platform/http/api-key.guard';
import { LoggingModule } from './platform/logging/logging.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { OperationsModule } from './operations/operations.module';
import { RetentionModule } from './retention/retention.module';
import { RunsModule } from './runs/runs.module';
import { StepsModule } from './steps/steps.module';
import { DeliveryHealthIndicator } from './webhooks/observability/delivery-health.indicator';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        CqrsModule.forRoot(),
        DatabaseModule.forRoot(DATABASE_SCHEMA, EVENT_SCHEMAS),
        HealthModule.forRoot({
          imports: [WebhooksModule],
          inject: [DeliveryHealthIndicator],
          checks: (delivery: DeliveryHealthIndicator) => [() => delivery.dispatcherLoop(), () => delivery.backlog()],
        }),
        WebhooksModule,
        JobsModule,
        RunsModule,
        StepsModule,
        OperationsModule,
        EndpointsModule,
        RetentionModule,
        DashboardModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
