import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from './load-app-config';

describe('loadAppConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: undefined,
      apiKeys: [],
      callbackTimeoutMs: 5000,
      stepWebhookTimeoutMs: 10_000,
      retryScheduleMs: [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      allowPrivateNetworks: false,
      signingSecret: undefined,
      deliveryLeaseMarginMs: 5000,
      requestBodyTimeoutMs: 10_000,
      maxBufferedRequestBytes: 32 * 1024 * 1024,
      retentionMs: 30 * 86_400_000,
      responseBodyRetentionMs: 7 * 86_400_000,
      retentionIntervalMs: 60_000,
    });
  });

  it('reads RETENTION and RESPONSE_BODY_RETENTION as durations, or "forever"', () => {
    expect(loadAppConfig({ RETENTION: '90d', RESPONSE_BODY_RETENTION: 'forever', RETENTION_INTERVAL: '5s' })).toMatchObject({
      retentionMs: 90 * 86_400_000,
      responseBodyRetentionMs: null,
      retentionIntervalMs: 5000,
    });
    expect(loadAppConfig({ RETENTION: 'forever', RESPONSE_BODY_RETENTION: '36h' })).toMatchObject({ retentionMs: null, responseBodyRetentionMs: 36 * 3_600_000 });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ DATABASE_URL: 'postgres://db/app', DATABASE_READ_URL: 'replica:5432' }, 'Invalid configuration: DATABASE_READ_URL must be a postgres:// or postgresql:// URL'],
    [{ DATABASE_READ_URL: 'postgres://replica/app' }, 'Invalid configuration: DATABASE_READ_URL needs DATABASE_URL'],
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT must be an integer from 0 to 65535, got "eighty"'],
    [{ WEBHOOK_RETRY_SCHEDULE: '5s,soon' }, 'Invalid configuration: WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of positive durations'],
    [{ WEBHOOK_SIGNING_SECRET: 'plaintext' }, 'Invalid configuration: WEBHOOK_SIGNING_SECRET must be "whsec_"'],
    [{ STEP_COMPLETE_WEBHOOK: 'not a url' }, 'Invalid configuration: STEP_COMPLETE_WEBHOOK must be an absolute http:// or https:// URL'],
    [{ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'yes' }, 'Invalid configuration: CALLBACK_ALLOW_PRIVATE_NETWORKS must be true or false'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be one of debug, info, warn, error'],
    [{ API_KEYS: ',' }, 'Invalid configuration: API_KEYS is set but holds no key'],
    [{ API_KEYS: ' ' }, 'Invalid configuration: API_KEYS is set but holds no key'],
    [{ API_KEYS: '' }, 'Invalid configuration: API_KEYS is set but holds no key'],
    [{ API_KEYS: ' , ,' }, 'Invalid configuration: API_KEYS is set but holds no key'],
    [{ WEBHOOK_RETRY_SCHEDULE: '' }, 'Invalid configuration: WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of positive durations'],
    [{ WEBHOOK_RETRY_SCHEDULE: ' ' }, 'Invalid configuration: WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of positive durations'],
    [{ WEBHOOK_RETRY_SCHEDULE: '0' }, 'Invalid configuration: WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of positive durations'],
    [{ WEBHOOK_RETRY_SCHEDULE: '0s' }, 'Invalid configuration: WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of positive durations'],
    [{ WEBHOOK_RETRY_SCHEDULE: '5s,0ms' }, 'Invalid configuration: WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of positive durations'],
    [{ WEBHOOK_RETRY_SCHEDULE: '5s,' }, 'Invalid configuration: WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of positive durations'],
    [{ DELIVERY_LEASE_MARGIN_MS: '50' }, 'Invalid configuration: DELIVERY_LEASE_MARGIN_MS must be an integer from 100 to 600000, got "50"'],
    [{ REQUEST_BODY_TIMEOUT_MS: '0' }, 'Invalid configuration: REQUEST_BODY_TIMEOUT_MS must be an integer from 100 to 300000, got "0"'],
    [{ RETENTION: '30 days' }, 'Invalid configuration: RETENTION must be a positive duration such as "30d" or "12h" (units ms, s, m, h, d), or "forever", got "30 days"'],
    [{ RETENTION: '0d' }, 'Invalid configuration: RETENTION must be a positive duration'],
    [{ RESPONSE_BODY_RETENTION: 'never' }, 'Invalid configuration: RESPONSE_BODY_RETENTION must be a positive duration'],
    [{ RETENTION_INTERVAL: 'forever' }, 'Invalid configuration: RETENTION_INTERVAL must be a positive duration'],
    [{ MAX_BUFFERED_REQUEST_BYTES: '1024' }, 'Invalid configuration: MAX_BUFFERED_REQUEST_BYTES must be an integer from 262144 to 4294967296, got "1024"'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadAppConfig(env)).toThrow(message);
  });

  it('never puts the signing secret value into its error message', () => {
    expect(() => loadAppConfig({ WEBHOOK_SIGNING_SECRET: 'whsec_short' })).toThrow(/^(?!.*short).*$/);
  });

  it('reads DATABASE_READ_URL beside DATABASE_URL, unset by default (everything on the primary)', () => {
    expect(loadAppConfig({}).databaseReadUrl).toBeUndefined();
    expect(loadAppConfig({ DATABASE_URL: 'postgres://db/app', DATABASE_READ_URL: ' ' }).databaseReadUrl).toBeUndefined();
    const config = loadAppConfig({ DATABASE_URL: 'postgres://db/app', DATABASE_READ_URL: 'postgresql://replica:5433/app' });
    expect(config.databaseReadUrl).toBe('postgresql://replica:5433/app');
  });

  it('reads METRICS_TOKEN, unset by default', () => {
    expect(loadAppConfig({}).metricsToken).toBeUndefined();
    expect(loadAppConfig({ METRICS_TOKEN: 'scrape-me' }).metricsToken).toBe('scrape-me');
  });

  it('parses keys, schedule and secret', () => {
    const config = loadAppConfig({
      API_KEYS: ' a ,b,,',
      WEBHOOK_RETRY_SCHEDULE: '100ms, 2s,1.5m,1h',
      WEBHOOK_SIGNING_SECRET: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
    });
    expect(config.apiKeys).toEqual(['a', 'b']);
    expect(config.retryScheduleMs).toEqual([100, 2000, 90_000, 3_600_000]);
    expect(config.signingSecret).toEqual(Buffer.alloc(24, 7));
  });
});
