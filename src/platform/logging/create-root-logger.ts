import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { REDACTED, redactUrlCredentials } from './redact-credentials';

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

const URL_FIELD = /url|uri|href|location/i;

/** Any field of a log line named like a URL is written without the credentials its query or user-info may hold. */
function withoutUrlCredentials(fields: Record<string, unknown>): Record<string, unknown> {
  let safe = fields;
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && URL_FIELD.test(name)) safe = { ...safe, [name]: redactUrlCredentials(value) };
  }
  return safe;
}

/** The process's one pino logger: JSON lines on stdout, or human-readable with LOG_FORMAT=pretty. */
export function createRootLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'callback-service' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    formatters: { log: withoutUrlCredentials },
    transport: config.logFormat === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  });
}
