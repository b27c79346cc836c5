import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { API_KEY_REQUIRED, bearerMatches, digest } from './bearer-token';
import { PUBLIC_ROUTE } from './public-route.decorator';

/**
 * With API_KEYS set, every route needs `Authorization: Bearer <key>` except those marked @PublicRoute()
 * (health, metrics). Deny by default: a new controller is guarded unless it says otherwise.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keyDigests: Buffer[];

  constructor(
    config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.keyDigests = config.apiKeys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keyDigests.length === 0) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!bearerMatches(request.headers.authorization, this.keyDigests)) {
      throw new UnauthorizedException({ message: API_KEY_REQUIRED, field: 'authorization' });
    }
    return true;
  }
}
