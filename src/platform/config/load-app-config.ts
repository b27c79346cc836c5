import { resolve } from 'node:path';
import { AppConfig, LOG_LEVELS, LogLevel } from './app-config';
import { ConfigurationError } from './configuration-error';
import { parseDuration, parseRetrySchedule, RETRY_SCHEDULE_RULE } from './parse-duration';
import { MAX_BODY_BYTES } from '../http/json-body-parser';

type Environment = Record<string, string | undefined>;

const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

/** Reads and validates the environment; throws a ConfigurationError naming the first bad variable. */
export function loadAppConfig(env: Environment): AppConfig {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigurationError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const flag = (name: string): boolean => {
    const raw = read(name);
    if (raw === undefined || raw === 'false' || raw === '0') return false;
    if (raw === 'true' || raw === '1') return true;
    throw new ConfigurationError(name, `must be true or false, got "${raw}"`);
  };

  return new AppConfig({
    host: read('HOST') ?? '127.0.0.1',
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl: databaseUrl('DATABASE_URL', read('DATABASE_URL')),
    databaseReadUrl: databaseReadUrl(read('DATABASE_READ_URL'), read('DATABASE_URL')),
    databasePoolSize: integer('DATABASE_POOL_SIZE', 20, 1, 500),
    databaseStatementTimeoutMs: integer('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    embeddedDatabaseDir: resolve(read('EMBEDDED_PG_DIR') ?? '.data/postgres'),
    apiKeys: apiKeys(env.API_KEYS),
    metricsToken: read('METRICS_TOKEN'),
    stepCompleteWebhook: webhookUrl('STEP_COMPLETE_WEBHOOK', read('STEP_COMPLETE_WEBHOOK')),
    stepCompleteKey: read('STEP_COMPLETE_KEY'),
    callbackTimeoutMs: integer('CALLBACK_TIMEOUT_MS', 5000, 1, 600_000),
    stepWebhookTimeoutMs: integer('STEP_WEBHOOK_TIMEOUT_MS', 10_000, 1, 600_000),
    retryScheduleMs: retrySchedule(env.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE),
    signingSecret: signingSecret(read('WEBHOOK_SIGNING_SECRET')),
    allowPrivateNetworks: flag('CALLBACK_ALLOW_PRIVATE_NETWORKS'),
    webhookConcurrency: integer('WEBHOOK_CONCURRENCY', 256, 1, 10_000),
    webhookPerHostConcurrency: integer('WEBHOOK_PER_HOST_CONCURRENCY', 64, 1, 10_000),
    dispatcherPollIntervalMs: integer('DISPATCHER_POLL_INTERVAL_MS', 1000, 10, 60_000),
    deliveryLeaseMarginMs: integer('DELIVERY_LEASE_MARGIN_MS', 5000, 100, 600_000),
    bulkRedeliveryPerSecond: integer('BULK_REDELIVERY_PER_SECOND', 50, 1, 10_000),
    endpointSecretOverlapMs: duration('ENDPOINT_SECRET_OVERLAP', read('ENDPOINT_SECRET_OVERLAP') ?? '24h'),
    endpointSecretKey: endpointSecretKey(read('ENDPOINT_SECRET_KEY')),
    endpointDisableAfterMs: duration('ENDPOINT_DISABLE_AFTER', read('ENDPOINT_DISABLE_AFTER') ?? '5d'),
    endpointCircuitFailures: integer('ENDPOINT_CIRCUIT_FAILURES', 5, 1, 1000),
    endpointCircuitCooldownMs: duration('ENDPOINT_CIRCUIT_COOLDOWN', read('ENDPOINT_CIRCUIT_COOLDOWN') ?? '30s'),
    retentionMs: retention('RETENTION', read('RETENTION') ?? '30d'),
    responseBodyRetentionMs: retention('RESPONSE_BODY_RETENTION', read('RESPONSE_BODY_RETENTION') ?? '7d'),
    retentionIntervalMs: duration('RETENTION_INTERVAL', read('RETENTION_INTERVAL') ?? '1m'),
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    requestBodyTimeoutMs: integer('REQUEST_BODY_TIMEOUT_MS', 10_000, 100, 300_000),
    // At least one body of the largest size, so every valid request can be received.
    maxBufferedRequestBytes: integer('MAX_BUFFERED_REQUEST_BYTES', 32 * 1024 * 1024, MAX_BODY_BYTES, 2 ** 32),
    logLevel: logLevel(read('LOG_LEVEL')),
    logFormat: logFormat(read('LOG_FORMAT')),
  });
}

function databaseUrl(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^postgres(ql)?:\/\/[^/]/.test(raw) || !URL.canParse(raw)) {
    throw new ConfigurationError(name, 'must be a postgres:// or postgresql:// URL');
  }
  return raw;
}

/** A replica follows a server someone runs: the embedded PostgreSQL (DATABASE_URL unset) has none. */
function databaseReadUrl(raw: string | undefined, primary: string | undefined): string | undefined {
  const url = databaseUrl('DATABASE_READ_URL', raw);
  if (url !== undefined && primary === undefined) {
    throw new ConfigurationError('DATABASE_READ_URL', 'needs DATABASE_URL: a read replica follows the primary server DATABASE_URL names, not the embedded PostgreSQL');
  }
  return url;
}

function webhookUrl(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigurationError(name, 'must be an absolute http:// or https:// URL');
  }
  return raw;
}

/** Set but holding no usable key (" ", ",") is refused: it would silently leave the API open. */
function apiKeys(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const keys = raw.split(',').map((key) => key.trim()).filter(Boolean);
  if (keys.length === 0) {
    throw new ConfigurationError('API_KEYS', 'is set but holds no key: give comma-separated keys, or unset it to leave the API open');
  }
  return keys;
}

/** Set means set: an empty schedule, or a zero delay (a retry storm), is refused rather than defaulted. */
function retrySchedule(raw: string): number[] {
  const parsed = parseRetrySchedule(raw);
  if ('badPart' in parsed) throw new ConfigurationError('WEBHOOK_RETRY_SCHEDULE', `must be ${RETRY_SCHEDULE_RULE}, got "${parsed.badPart}"`);
  return parsed.delaysMs;
}

function duration(name: string, raw: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new ConfigurationError(name, `must be a positive duration such as "24h" or "90s" (units ms, s, m, h, d), got "${raw}"`);
  return ms;
}

/** A retention period, or "forever" (null: nothing is purged). */
function retention(name: string, raw: string): number | null {
  if (raw === 'forever') return null;
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new ConfigurationError(name, `must be a positive duration such as "30d" or "12h" (units ms, s, m, h, d), or "forever", got "${raw}"`);
  return ms;
}

function endpointSecretKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined) return undefined;
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : undefined;
  if (!key || key.length !== 32) {
    throw new ConfigurationError('ENDPOINT_SECRET_KEY', 'must be 32 bytes of base64 (e.g. from `openssl rand -base64 32`)');
  }
  return key;
}

function signingSecret(raw: string | undefined): Buffer | undefined {
  if (raw === undefined) return undefined;
  const encoded = raw.startsWith('whsec_') ? raw.slice('whsec_'.length) : undefined;
  const key = encoded && /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
  if (!key || key.length < 16) {
    throw new ConfigurationError(
      'WEBHOOK_SIGNING_SECRET',
      'must be "whsec_" followed by at least 16 bytes of base64 (the Standard Webhooks format)',
    );
  }
  return key;
}

function logLevel(raw: string | undefined): LogLevel {
  if (raw === undefined) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw new ConfigurationError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
}

function logFormat(raw: string | undefined): 'json' | 'pretty' {
  if (raw === undefined || raw === 'json') return 'json';
  if (raw === 'pretty') return 'pretty';
  throw new ConfigurationError('LOG_FORMAT', `must be json or pretty, got "${raw}"`);
}
