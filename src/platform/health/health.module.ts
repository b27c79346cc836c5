import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-checks';

export interface HealthOptions<D extends unknown[]> {
  /** Modules that export what `checks` needs. */
  imports: ModuleMetadata['imports'];
  inject: { [K in keyof D]: abstract new (...args: never[]) => D[K] };
  checks: (...dependencies: D) => ReadinessCheck[];
}

/** /health/live and /health/ready; readiness runs the database and migration checks plus those it is given. */
@Module({})
export class HealthModule {
  static forRoot<D extends unknown[]>(options: HealthOptions<D>): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule, ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, inject: options.inject, useFactory: options.checks }],
    };
  }
}
