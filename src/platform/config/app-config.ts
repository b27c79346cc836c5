/** Validated, typed configuration. `process.env` is read only by `loadAppConfig`. */
export class AppConfig {
  readonly host: string;
  readonly port: number;
  /** Unset means "start an embedded PostgreSQL"; main.ts fills it in before the app is built. */
  readonly databaseUrl: string | undefined;
  /**
   * A streaming replica of DATABASE_URL's server for the API's read-only queries (lists, details, stats); unset,
   * everything reads the primary. Never for a decision: a replica lags.
   */
  readonly databaseReadUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Server-side statement_timeout; a connection silent for longer (plus 5 s) is presumed dead and dropped. */
  readonly databaseStatementTimeoutMs: number;
  /** Data folder of the embedded PostgreSQL used when DATABASE_URL is unset (git-ignored). */
  readonly embeddedDatabaseDir: string;
  readonly apiKeys: readonly string[];
  /** Bearer token a /metrics scrape must present; unset leaves /metrics open. */
  readonly metricsToken: string | undefined;
  readonly stepCompleteWebhook: string | undefined;
  readonly stepCompleteKey: string | undefined;
  readonly callbackTimeoutMs: number;
  readonly stepWebhookTimeoutMs: number;
  readonly retryScheduleMs: readonly number[];
  readonly signingSecret: Buffer | undefined;
  readonly allowPrivateNetworks: boolean;
  readonly webhookConcurrency: number;
  readonly webhookPerHostConcurrency: number;
  readonly dispatcherPollIntervalMs: number;
  /** How much longer than the longest request a delivery's lease lasts before another replica may take it over. */
  readonly deliveryLeaseMarginMs: number;
  /** Deliveries a bulk redelivery asks for per second, across all replicas (the pace of a recovery). */
  readonly bulkRedeliveryPerSecond: number;
  /** How long an endpoint's previous secret still signs after a rotation (receivers switch over meanwhile). */
  readonly endpointSecretOverlapMs: number;
  /** AES-256-GCM key endpoint secrets are encrypted with at rest; unset stores them as they are. */
  readonly endpointSecretKey: Buffer | undefined;
  /** An endpoint whose every attempt failed for this long is disabled (its deliveries are held until it is enabled). */
  readonly endpointDisableAfterMs: number;
  /** Consecutive failed attempts to an endpoint that open its circuit: attempts pause for the cool-down, then one probes. */
  readonly endpointCircuitFailures: number;
  readonly endpointCircuitCooldownMs: number;
  /**
   * How long a finished job or run (with its steps, deliveries, attempts and events) is kept after it finished and its
   * last delivery ended; null: for ever.
   */
  readonly retentionMs: number | null;
  /** How long what receivers answered is kept (null: as long as its delivery). */
  readonly responseBodyRetentionMs: number | null;
  /** How often retention looks for what to purge when its last look found nothing more. */
  readonly retentionIntervalMs: number;
  readonly shutdownTimeoutMs: number;
  /** How long a client may take to send a request body. */
  readonly requestBodyTimeoutMs: number;
  /** Request body bytes held by the process at once, across all requests. */
  readonly maxBufferedRequestBytes: number;
  readonly logLevel: LogLevel;
  readonly logFormat: 'json' | 'pretty';

  constructor(values: Omit<AppConfig, 'withDatabaseUrl'>) {
    Object.assign(this, values);
  }

  withDatabaseUrl(databaseUrl: string): AppConfig {
    return new AppConfig({ ...this, databaseUrl });
  }
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
