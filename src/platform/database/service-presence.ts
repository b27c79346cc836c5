import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NeverCrashingPgClient } from './never-crashing-pg-client';

/**
 * Held shared by every running service process, on a connection of its own, and exclusively by a projection
 * rebuild: a rebuild refuses to start while a service runs against the same database, and a service refuses to
 * start while a rebuild runs. Arbitrary constant.
 */
export const SERVICE_PRESENCE_LOCK = 7_264_002;

/** Between attempts to reconnect after the presence connection was lost (the database may be restarting). */
const RECONNECT_DELAY_MS = 250;
/** How often the presence connection is checked, and how long an answer may take before it is presumed dead. */
const HEARTBEAT_MS = 2000;
const HEARTBEAT_ANSWER_MS = 3000;

const REBUILD_IN_PROGRESS =
  'the read models of this database are being rebuilt (npm run projections:rebuild): start the service when it has finished';

/**
 * This process's presence: the lock above, held shared for as long as the service runs. The lock lives as long as
 * its connection, so a lost connection (terminated backend, database restart, network blip) is taken again at once:
 * by waiting for the lock rather than trying it, so a rebuild that slipped into the gap sees this service queued
 * behind it and gives up (ProjectionRebuilder). A connection that goes silent is found by a heartbeat.
 */
@Injectable()
export class ServicePresence implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private client: NeverCrashingPgClient | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.announce('try');
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    await this.client?.end().catch(() => undefined);
  }

  /** `try` at start-up (a rebuild in progress stops the start), `wait` after a loss (queue where a rebuild can see it). */
  private async announce(mode: 'try' | 'wait'): Promise<void> {
    const client = new NeverCrashingPgClient({ connectionString: this.config.databaseUrl, application_name: 'callback-service presence', keepAlive: true });
    let lost = false;
    client.on('end', () => {
      // Only the connection that holds the presence takes it again; one lost while announcing fails the announce,
      // whose caller retries (two owners of the retry would leave two presence connections).
      if (lost || this.client !== client) return;
      lost = true;
      clearInterval(this.heartbeat);
      if (!this.stopped) this.logger.warn('the presence connection to the database was lost; taking it again');
      this.reannounce(0);
    });
    try {
      await client.connect();
      if (mode === 'try') {
        const { rows } = await client.query('SELECT pg_try_advisory_lock_shared($1) AS held', [SERVICE_PRESENCE_LOCK]);
        if (!rows[0].held) throw new Error(REBUILD_IN_PROGRESS);
      } else {
        await client.query('SELECT pg_advisory_lock_shared($1)', [SERVICE_PRESENCE_LOCK]);
      }
    } catch (error) {
      lost = true; // this attempt failed as a whole: the caller decides what comes next
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.heartbeat = setInterval(() => this.check(client), HEARTBEAT_MS).unref();
  }

  private reannounce(delayMs: number): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (this.stopped) return;
      this.announce('wait').then(
        () => this.logger.log('the presence connection to the database is back'),
        (error: unknown) => {
          this.logger.warn(`could not re-announce this service to the database (${(error as Error).message}); retrying`);
          this.reannounce(RECONNECT_DELAY_MS);
        },
      );
    }, delayMs).unref();
  }

  /** A connection whose peer vanished without a FIN answers nothing: end it, and its 'end' takes the presence again. */
  private check(client: NeverCrashingPgClient): void {
    const silent = setTimeout(() => {
      const socket = (client as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream;
      socket?.destroy(new Error('the presence connection stopped answering'));
    }, HEARTBEAT_ANSWER_MS).unref();
    client.query('SELECT 1').then(
      () => clearTimeout(silent),
      () => clearTimeout(silent), // a failed query ends the connection, or the heartbeat after it finds out
    );
  }
}
