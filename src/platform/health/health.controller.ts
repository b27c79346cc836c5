import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ReadDataSource } from '../database/read-data-source';
import { PublicRoute } from '../http/public-route.decorator';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-checks';

/** Terminus's report: overall status, and per check its status (and why, when down). */
const HEALTH_REPORT = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
  required: ['status', 'details'],
};

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly reads: ReadDataSource,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** The process answers; no dependency is checked. */
  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness', description: 'The process answers; nothing else is checked. No API key needed.' })
  @ApiOkResponse({ description: 'Alive.', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live() {
    return { status: 'ok' };
  }

  /** Ready to serve: database reachable, migrations applied, dispatcher loop alive; backlog and read replica as information. */
  @Get(['ready', ''])
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness',
    description:
      'Ready to serve: the database reachable, migrations applied, the dispatcher loop alive; the delivery backlog, and the read replica ' +
      'when DATABASE_READ_URL is set, as information. No API key needed.',
  })
  @ApiOkResponse({ description: 'Ready: every check up.', schema: HEALTH_REPORT })
  @ApiServiceUnavailableResponse({ description: 'Not ready: `error` names the checks that are down.', schema: HEALTH_REPORT })
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.migrationsApplied(),
      ...(this.reads.hasReplica ? [() => this.readReplica()] : []),
      ...this.checks,
    ]);
  }

  /**
   * Information only, like the backlog: a replica that is down fails the reads it serves (503), never readiness,
   * which would take the whole process, and its commands, out of a balancer.
   */
  private async readReplica() {
    const report = (await this.reads.report(2000))!;
    return this.indicators.check('read_replica').up(
      report.reachable
        ? { reachable: true, standby: report.standby, replay_lag_seconds: report.replayLagSeconds }
        : { reachable: false, message: report.error },
    );
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
