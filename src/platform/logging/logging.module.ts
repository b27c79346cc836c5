import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { createRootLogger } from './create-root-logger';
import { redactCredentialHeaders, redactCredentialQuery, redactUrlCredentials } from './redact-credentials';

type Serialized = { headers?: Record<string, unknown>; url?: unknown; query?: unknown } & Record<string, unknown>;
const withoutCredentials = (serialized: Serialized) => ({
  ...serialized,
  headers: redactCredentialHeaders(serialized.headers),
  ...('url' in serialized && typeof serialized.url === 'string' ? { url: redactUrlCredentials(serialized.url) } : {}),
  ...('query' in serialized ? { query: redactCredentialQuery(serialized.query) } : {}),
});

/**
 * Structured logs through nestjs-pino. Every line written while a request is handled — including the
 * command it dispatched and the delivery attempt started right after its commit — carries `request_id`.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Every path (nestjs-pino's default pattern is one Nest's Fastify middleware matching does not apply).
        forRoutes: [{ path: '*', method: RequestMethod.ALL }],
        pinoHttp: {
          logger: createRootLogger(config),
          genReqId: (request: IncomingMessage) => String(request.headers['x-request-id']),
          quietReqLogger: true,
          // Applied to what pino's standard serializers produce: any header able to carry a credential goes.
          serializers: { req: withoutCredentials, res: withoutCredentials },
          customAttributeKeys: { reqId: 'request_id' },
          autoLogging: { ignore: (request: IncomingMessage) => /^\/(health|metrics)/.test(request.url ?? '') },
          // 503 is a deliberate refusal (busy, database away) with Retry-After: a warning, so a burst cannot flood error logs.
          customLogLevel: (_request, response, error) => (response.statusCode === 503 ? 'warn' : error || response.statusCode >= 500 ? 'error' : 'info'),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
