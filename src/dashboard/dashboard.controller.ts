import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { AppConfig } from '../platform/config/app-config';
import { PublicRoute } from '../platform/http/public-route.decorator';
import { DELIVERY_STATUSES } from '../webhooks/domain/delivery-kind';
import { dashboardDirectory, dashboardFile } from './dashboard-files';

/** The page holds no data: everything it shows comes from /v1 with the key the user signs in with. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** What the build emits (Vite: the page, scripts, styles, source maps, icons). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Serves the dashboard, a single-page app built into dist/dashboard-app by `npm run build`. */
@ApiExcludeController()
@PublicRoute()
@Controller('dashboard')
export class DashboardController {
  private readonly directory = dashboardDirectory();

  constructor(private readonly config: AppConfig) {}

  /**
   * What the page must know before it calls /v1 (no data, no secret): whether to ask for a key, and which
   * statuses `?status=` takes (so the page filters right while the set of statuses changes).
   */
  @Get('config.json')
  settings(@Res() reply: FastifyReply): void {
    void reply.header('cache-control', 'no-store').send({ api_key_required: this.config.apiKeys.length > 0, delivery_statuses: DELIVERY_STATUSES });
  }

  @Get(['', '*'])
  serve(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const relativePath = safelyDecoded(request.url.split('?', 1)[0].replace(/^\/dashboard\/?/i, ''));
    const file = dashboardFile(this.directory, relativePath);
    if (!file) throw new NotFoundException({ message: 'the dashboard is not built: run npm run build', field: 'dashboard' });
    // Built assets carry a content hash in their names; the page itself must always be fetched fresh.
    void reply
      .headers(SECURITY_HEADERS)
      .header('cache-control', file.isAsset ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream')
      .send(createReadStream(file.path));
  }
}

/** A malformed escape names no asset: the app's page answers it. */
function safelyDecoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}
