import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
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
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
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
