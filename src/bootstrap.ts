import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AppConfig } from './platform/config/app-config';
import { requestId } from './platform/http/request-id.middleware';
import { createValidationPipe } from './platform/http/validation.pipe';

export const MAX_BODY_BYTES = '1mb';

/** Builds the application exactly as main.ts serves it; tests use the same function. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: loggerLevels(config),
  });
  app.use(requestId);
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  app.useGlobalPipes(createValidationPipe());
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

function loggerLevels(config: AppConfig): ('debug' | 'log' | 'warn' | 'error' | 'fatal')[] {
  const order = ['debug', 'log', 'warn', 'error', 'fatal'] as const;
  const from = { debug: 0, info: 1, warn: 2, error: 3 }[config.logLevel];
  return order.slice(from) as ('debug' | 'log' | 'warn' | 'error' | 'fatal')[];
}
