import { describe, expect, it } from '@jest/globals';
import type { Endpoint } from './api';
import {
  disabledByService, durationText, failingStreakText, percent, previousSecretSigns, rateLimitText, retryScheduleText, successRateCell, successRateText,
} from './endpoint-facts';

describe('what the endpoint pages say about an endpoint', () => {
  it('tells a pause through the API from the service disabling it', () => {
    expect(disabledByService({ disabled_cause: 'paused' })).toBe(false);
    expect(disabledByService({ disabled_cause: 'failing' })).toBe(true);
    expect(disabledByService({ disabled_cause: null })).toBe(false);
    // The cause decides, never the words: whatever the reason text says.
    const disabled = (disabled_reason: string, disabled_cause: Endpoint['disabled_cause']): Pick<Endpoint, 'enabled' | 'disabled_reason' | 'disabled_cause'> =>
      ({ enabled: false, disabled_reason, disabled_cause });
    expect(disabledByService(disabled('paused through the API', 'failing'))).toBe(true);
    expect(disabledByService(disabled('every attempt has failed since 2026-12-01T12:00:00.000Z', 'paused'))).toBe(false);
  });

  it('words the health figures', () => {
    expect([percent(1), percent(0.25), percent(1 / 3), percent(0)]).toEqual(['100 %', '25 %', '33.3 %', '0 %']);
    expect(successRateText({ success_rate: 0.25, attempts: 4, window_minutes: 60 })).toBe('25 % of 4 attempts');
    expect(successRateText({ success_rate: 1, attempts: 1, window_minutes: 60 })).toBe('100 % of 1 attempt');
    expect(successRateText({ success_rate: null, attempts: 0, window_minutes: 60 })).toBe('no attempts in the last hour');
    expect(successRateText({ success_rate: null, attempts: 0, window_minutes: 120 })).toBe('no attempts in the last 2 hours');
    expect(successRateCell({ success_rate: 0.5, attempts: 2 })).toBe('50 % of 2');
    expect(successRateCell({ success_rate: null, attempts: 0 })).toBe('no attempts');
    expect([durationText(null), durationText(8), durationText(12.34), durationText(1234.5)]).toEqual(['—', '8 ms', '12.3 ms', '1.23 s']);
    expect([failingStreakText(0), failingStreakText(1), failingStreakText(3)]).toEqual(['none', '1 failed attempt', '3 failed attempts in a row']);
  });

  it('words the delivery settings', () => {
    expect(rateLimitText(null)).toBe('no limit');
    expect(rateLimitText(20)).toBe('at most 20 requests a second, across all replicas');
    expect(retryScheduleText(null)).toBe("the service's (WEBHOOK_RETRY_SCHEDULE)");
    expect(retryScheduleText('5s,1m,10m')).toBe('5s, 1m, 10m (3 retries)');
  });

  it('says the previous secret signs only while its time has not passed', () => {
    const now = Date.parse('2026-12-02T12:00:00.000Z');
    expect(previousSecretSigns({ previous_secret_expires_at: null }, now)).toBe(false);
    expect(previousSecretSigns({ previous_secret_expires_at: '2026-12-02T12:00:01.000Z' }, now)).toBe(true);
    expect(previousSecretSigns({ previous_secret_expires_at: '2026-12-02T12:00:00.000Z' }, now)).toBe(false);
  });
});
