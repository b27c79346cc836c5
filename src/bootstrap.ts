import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AppConfig } from './platform/config/app-config';
import { HttpMetricsHook } from './platform/metrics/http-metrics.hook';
import { MAX_BODY_BYTES, useJsonBodyParser } from './platform/http/json-body-parser';
import { exposeRequestId, requestIdOf } from './platform/http/request-id';
import { admitRequestBodies } from './platform/http/request-body-admission';
import { digest } from './platform/http/bearer-token';
import { requireJson } from './platform/http/require-json.middleware';
import { StorableTextPipe } from './platform/http/storable-text.pipe';
import { createValidationPipe } from './platform/http/validation.pipe';
import { createOpenApiDocument } from './platform/openapi/openapi-document';
import { CALLBACK_PAYLOAD_MODELS, CALLBACK_WEBHOOKS, STEP_WEBHOOK_SECURITY } from './webhooks/payloads/callback-webhooks.openapi';

/** Builds the application exactly as main.ts serves it; tests use the same function. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  // Fastify rather than Express: the same routes for about a third of the framework's CPU per request
  // (docs/benchmarks.md, "Express → Fastify").
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: false,
    genReqId: requestIdOf,
    // Node's own limits, which Fastify would otherwise lift (no request timeout) or stretch (72 s idle keep-alive).
    requestTimeout: 300_000,
    keepAliveTimeout: 5_000,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    bufferLogs: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  useJsonBodyParser(fastify);
  // Hooks added here run before Nest's middleware (the request logger among them).
  fastify.addHook('onRequest', exposeRequestId);
  fastify.addHook('onRequest', app.get(HttpMetricsHook).onRequest);
  admitRequestBodies(fastify, {
    keyDigests: config.apiKeys.map(digest),
    bodyTimeoutMs: config.requestBodyTimeoutMs,
    maxBufferedBytes: config.maxBufferedRequestBytes,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.use(requireJson);
  app.useGlobalPipes(new StorableTextPipe(), createValidationPipe());

  const document = createOpenApiDocument(app, { webhooks: CALLBACK_WEBHOOKS, extraModels: CALLBACK_PAYLOAD_MODELS, securitySchemes: STEP_WEBHOOK_SECURITY });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  if (config.apiKeys.length === 0) {
    new Logger('Security').warn('API_KEYS is not set: the /v1 API is open to anyone who can reach this port');
  }
  return app;
}
