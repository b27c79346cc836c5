import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './bootstrap';
import { ConfigurationError } from './platform/config/configuration-error';
import { loadAppConfig } from './platform/config/load-app-config';
import { startEmbeddedDatabase } from './platform/database/embedded-database';
import { createRootLogger } from './platform/logging/create-root-logger';

async function main(): Promise<void> {
  let config = loadAppConfig(process.env);
  const logger = createRootLogger(config).child({ context: 'Main' });
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  let app: NestFastifyApplication | undefined;

  // Listening from the first moment: a signal during start-up waits for it to settle, then stops what started
  // (an embedded PostgreSQL killed half-way would be left running).
  let startup: Promise<void> = Promise.resolve();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    try {
      await startup.catch(() => undefined);
      if (app) {
        const server = app.getHttpServer();
        server.close(); // accept no new connections
        server.closeIdleConnections();
        await app.close(); // the dispatcher finishes or releases in-flight attempts, then the database pool closes
      }
      await embedded?.stop();
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${String(error)}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  startup = (async () => {
    if (!config.databaseUrl) {
      embedded = await startEmbeddedDatabase(config.embeddedDatabaseDir, (message) => logger.info(message));
      config = config.withDatabaseUrl(embedded.url);
    }
    if (stopping) return;
    app = await createApp(config);
    if (stopping) return;
    await app.listen(config.port, config.host);
    logger.info(`listening on http://${config.host}:${config.port} (OpenAPI at /docs)`);
  })();
  await startup;
}

main().catch((error: unknown) => {
  // One clear line for configuration mistakes; the stack only for the unexpected.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
