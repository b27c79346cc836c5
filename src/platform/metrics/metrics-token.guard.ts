import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { bearerMatches, digest } from '../http/bearer-token';

/** With METRICS_TOKEN set, a scrape needs `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics is open. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly tokenDigests: Buffer[];

  constructor(config: AppConfig) {
    this.tokenDigests = config.metricsToken ? [digest(config.metricsToken)] : [];
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.tokenDigests.length === 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!bearerMatches(request.headers.authorization, this.tokenDigests)) {
      throw new UnauthorizedException({ message: 'a valid metrics token is required: Authorization: Bearer <METRICS_TOKEN>', field: 'authorization' });
    }
    return true;
  }
}
