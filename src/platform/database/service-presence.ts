import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NeverCrashingPgClient } from './never-crashing-pg-client';

/**
 * Held shared by every running service process, on a connection of its own, and exclusively by a projection
 * rebuild: a rebuild refuses to start while a service runs against the same database, and a service refuses to
 * start while a rebuild runs. Arbitrary constant.
 */
export const SERVICE_PRESENCE_LOCK = 7_264_002;

const RECONNECT_DELAY_MS = 1000;

@Injectable()
export class ServicePresence implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private client: NeverCrashingPgClient | undefined;
  private stopped = false;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.announce();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async announce(): Promise<void> {
    const client = new NeverCrashingPgClient({ connectionString: this.config.databaseUrl, application_name: 'callback-service presence' });
    await client.connect();
    const { rows } = await client.query('SELECT pg_try_advisory_lock_shared($1) AS held', [SERVICE_PRESENCE_LOCK]);
    if (!rows[0].held) {
      await client.end();
      throw new Error('the read models of this database are being rebuilt (npm run projections:rebuild): start the service when it has finished');
    }
    // The lock lives as long as the connection: after losing it (the database restarted), take it again.
    client.on('end', () => this.reannounceLater());
    this.client = client;
  }

  private reannounceLater(): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (this.stopped) return;
      this.announce().catch((error: unknown) => {
        this.logger.warn(`could not re-announce this service to the database (${(error as Error).message}); retrying`);
        this.reannounceLater();
      });
    }, RECONNECT_DELAY_MS).unref();
  }
}
