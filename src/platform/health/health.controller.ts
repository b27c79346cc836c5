import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { PublicRoute } from '../http/public-route.decorator';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-checks';

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** The process answers; no dependency is checked. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready to serve: database reachable, migrations applied, dispatcher loop alive; backlog as information. */
  @Get(['ready', ''])
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.migrationsApplied(),
      ...this.checks,
    ]);
  }

  private async migrationsApplied() {
    const session = this.indicators.check('migrations');
    try {
      return (await this.dataSource.showMigrations()) ? session.down({ message: 'pending migrations' }) : session.up();
    } catch (error) {
      return session.down({ message: `cannot read the migrations table: ${(error as Error).message}` });
    }
  }
}
