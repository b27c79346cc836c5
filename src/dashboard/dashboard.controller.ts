import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../platform/config/app-config';
import { PublicRoute } from '../platform/http/public-route.decorator';
import { dashboardDirectory, dashboardFile } from './dashboard-files';

/** The page holds no data: everything it shows comes from /v1 with the key the user signs in with. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Serves the dashboard, a single-page app built into dist/dashboard-app by `npm run build`. */
@ApiExcludeController()
@PublicRoute()
@Controller('dashboard')
export class DashboardController {
  private readonly directory = dashboardDirectory();

  constructor(private readonly config: AppConfig) {}

  /** What the page must know before it calls /v1: whether to ask for a key (no data, no secret). */
  @Get('config.json')
  settings(@Res() response: Response): void {
    response.set('cache-control', 'no-store').json({ api_key_required: this.config.apiKeys.length > 0 });
  }

  @Get(['', '*path'])
  serve(@Req() request: Request, @Res() response: Response): void {
    const relativePath = safelyDecoded(request.path.replace(/^\/dashboard\/?/i, ''));
    const file = dashboardFile(this.directory, relativePath);
    if (!file) throw new NotFoundException({ message: 'the dashboard is not built: run npm run build', field: 'dashboard' });
    response.set(SECURITY_HEADERS);
    // Built assets carry a content hash in their names; the page itself must always be fetched fresh.
    response.set('cache-control', file.isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.sendFile(file.path);
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
