import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { BackgroundLoop } from '../../platform/process/background-loop';
import { DeliveryStatsRepository } from '../../webhooks/persistence/delivery-stats.repository';
import { EndpointStreams } from '../persistence/endpoint-streams';

/** How often a replica looks for endpoints to disable: a tenth of ENDPOINT_DISABLE_AFTER, within these bounds. */
const MIN_LOOK_MS = 100;
const MAX_LOOK_MS = 60_000;

/**
 * Disables an endpoint whose every attempt has failed for ENDPOINT_DISABLE_AFTER (as Svix does after 5 days): an
 * EndpointDisabled event with the reason, on its stream (so in the feed and on the endpoint). Its deliveries are then
 * held, not dropped, and go out when someone enables it again. Every replica looks; the decider makes a second
 * disable a no-op.
 */
@Injectable()
export class EndpointAutoDisable implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Endpoints');
  private readonly lookMs: number;
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: EndpointStreams,
    private readonly stats: DeliveryStatsRepository,
    private readonly config: AppConfig,
  ) {
    this.lookMs = Math.min(MAX_LOOK_MS, Math.max(MIN_LOOK_MS, Math.round(config.endpointDisableAfterMs / 10)));
    this.loop = new BackgroundLoop(async () => {
      await this.disableFailing();
      return this.lookMs;
    }, this.lookMs);
  }

  onApplicationBootstrap(): void {
    this.loop.start(this.lookMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  async disableFailing(): Promise<void> {
    try {
      const failing = await this.stats.failingEndpoints(this.config.endpointDisableAfterMs);
      for (const { endpointId, failingSince } of failing) {
        const reason = `every attempt has failed since ${new Date(failingSince).toISOString()} (ENDPOINT_DISABLE_AFTER: ${this.config.endpointDisableAfterMs} ms)`;
        const { changed } = await this.unitOfWork.run((batch) => this.streams.run(batch, { type: 'disableFailing', endpointId, reason, now: new Date() }));
        if (changed) this.logger.warn({ endpoint_id: endpointId }, `endpoint disabled: ${reason}; its deliveries wait until it is enabled`);
      }
    } catch (error) {
      this.logger.error(`looking for failing endpoints failed; the next look tries again: ${String(error)}`);
    }
  }
}
