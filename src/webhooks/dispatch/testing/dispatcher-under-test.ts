import { AppConfig } from '../../../platform/config/app-config';
import { loadAppConfig } from '../../../platform/config/load-app-config';
import type { WebhookSender } from '../../http/webhook-sender';
import type { DeliveryMetrics } from '../../observability/delivery-metrics';
import { DeliveryPolicy } from '../../outbox/delivery-policy';
import { DeliveryDispatcher } from '../delivery-dispatcher';
import type { ClaimedDelivery } from '../delivery-queue';
import { InMemoryDeliveryQueue } from './in-memory-delivery-queue';
import { ScriptedSender } from './scripted-sender';

/** The dispatcher's settings that matter here; the rest as the defaults have them. */
export type DispatcherSettings = Partial<
  Pick<AppConfig, 'webhookConcurrency' | 'webhookPerHostConcurrency' | 'dispatcherPollIntervalMs' | 'shutdownTimeoutMs' | 'retryScheduleMs'>
>;

/** Counts what the dispatcher reports to the metrics: recorded attempts only. */
class RecordedAttempts {
  readonly ids: string[] = [];
  record(delivery: ClaimedDelivery): void {
    this.ids.push(delivery.id);
  }
}

/** A DeliveryDispatcher on the in-memory queue and a scripted sender: no database, no HTTP, no Nest container. */
export function dispatcherUnderTest(settings: DispatcherSettings = {}) {
  // The service's defaults (an empty environment's) for what the dispatcher does not read, then its own settings.
  const config = new AppConfig({
    ...loadAppConfig({}),
    host: '127.0.0.1', port: 0, databaseUrl: undefined, databasePoolSize: 1, databaseStatementTimeoutMs: 30_000,
    embeddedDatabaseDir: '.data/unused', apiKeys: [], metricsToken: undefined, stepCompleteWebhook: undefined,
    stepCompleteKey: undefined, callbackTimeoutMs: 5_000, stepWebhookTimeoutMs: 10_000, retryScheduleMs: [5_000, 300_000],
    signingSecret: undefined, allowPrivateNetworks: true, webhookConcurrency: 256, webhookPerHostConcurrency: 64,
    dispatcherPollIntervalMs: 60_000, deliveryLeaseMarginMs: 5_000, shutdownTimeoutMs: 10_000, requestBodyTimeoutMs: 10_000,
    maxBufferedRequestBytes: 32 * 1024 * 1024, logLevel: 'error', logFormat: 'json',
    ...settings,
  });
  const queue = new InMemoryDeliveryQueue();
  const sender = new ScriptedSender();
  const metrics = new RecordedAttempts();
  const dispatcher = new DeliveryDispatcher(
    queue,
    sender as unknown as WebhookSender,
    metrics as unknown as DeliveryMetrics,
    new DeliveryPolicy(config),
    config,
  );
  const leaseMs = Math.max(config.callbackTimeoutMs, config.stepWebhookTimeoutMs) + config.deliveryLeaseMarginMs;
  /** Adds a committed pending delivery to `host` (as a redelivery leaves it) and hands it to the dispatcher. */
  const commit = async (host: string): Promise<string> => {
    const id = queue.add(host);
    await dispatcher.dispatchCommitted({ deliveryId: id, destinationHost: host });
    return id;
  };
  /** A completion's delivery: committed leased to this process and handed over with its lease. */
  const commitLeased = async (host: string): Promise<string> => {
    const leased = queue.addLeased(host, leaseMs);
    await dispatcher.dispatchCommitted({ deliveryId: leased.id, destinationHost: host, leased });
    return leased.id;
  };
  return { config, queue, sender, metrics, dispatcher, leaseMs, commit, commitLeased };
}
