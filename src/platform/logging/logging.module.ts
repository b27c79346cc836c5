import { Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { createRootLogger } from './create-root-logger';

/**
 * Structured logs through nestjs-pino. Every line written while a request is handled — including the
 * command it dispatched and the delivery attempt started right after its commit — carries `request_id`.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          logger: createRootLogger(config),
          genReqId: (request: IncomingMessage) => String(request.headers['x-request-id']),
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'request_id' },
          autoLogging: { ignore: (request: IncomingMessage) => /^\/(health|metrics)/.test(request.url ?? '') },
          customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
