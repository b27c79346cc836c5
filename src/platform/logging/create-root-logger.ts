import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/** A second line of defence for other log shapes; request and response headers are redacted by rule (logging.module). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
];

/** The process's one pino logger: JSON lines on stdout, or human-readable with LOG_FORMAT=pretty. */
export function createRootLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'callback-service' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport: config.logFormat === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  });
}
