import { Logger } from '@nestjs/common';
import { json } from 'express';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AppConfig } from './platform/config/app-config';
import { assertJsonShape } from './platform/http/json-shape-limits';
import { requestId } from './platform/http/request-id.middleware';
import { requireJson } from './platform/http/require-json.middleware';
import { StorableTextPipe } from './platform/http/storable-text.pipe';
import { createValidationPipe } from './platform/http/validation.pipe';

/** A valid body is at most 64 KiB of metadata plus a URL and a few fields; the rest is headroom for formatting. */
export const MAX_BODY_BYTES = '256kb';

/** Builds the application exactly as main.ts serves it; tests use the same function. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.use(requestId);
  app.use(requireJson);
  // express.json directly: Nest's useBodyParser reserves `verify`, where the shape check runs before parsing.
  app.use(json({ limit: MAX_BODY_BYTES, verify: (_request, _response, raw) => assertJsonShape(raw) }));
  app.useGlobalPipes(new StorableTextPipe(), createValidationPipe());
  app.set('trust proxy', false);
  app.disable('x-powered-by');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Callback Integration Service')
      .setDescription('Jobs, runs and steps with a lifecycle; completion callbacks delivered as signed webhooks.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  if (config.apiKeys.length === 0) {
    new Logger('Security').warn('API_KEYS is not set: the /v1 API is open to anyone who can reach this port');
  }
  return app;
}
