import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';

/** With API_KEYS set, every /v1 route needs `Authorization: Bearer <key>`; compared in constant time. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keyDigests: Buffer[];

  constructor(config: AppConfig) {
    this.keyDigests = config.apiKeys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (this.keyDigests.length === 0 || !request.path.startsWith('/v1')) return true;
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    // Hashing first makes every comparison the same length, so timingSafeEqual applies.
    const presented = digest(match?.[1] ?? '');
    let accepted = false;
    for (const key of this.keyDigests) accepted = timingSafeEqual(key, presented) || accepted;
    if (!accepted) throw new UnauthorizedException({ message: 'a valid API key is required: Authorization: Bearer <key>', field: 'authorization' });
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
