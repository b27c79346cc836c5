import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { ConfigurationError } from './platform/config/configuration-error';
import { loadAppConfig } from './platform/config/load-app-config';
import { startEmbeddedDatabase } from './platform/database/embedded-database';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  let config = loadAppConfig(process.env);
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedDatabase(config.embeddedDatabaseDir, (message) => logger.log(message));
  if (embedded) config = config.withDatabaseUrl(embedded.url);

  const app = await createApp(config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: shutting down`);
    try {
      await app.close(); // stops HTTP, then the dispatcher finishes or releases in-flight deliveries
      await embedded?.stop();
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${String(error)}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(config.port, config.host);
  logger.log(`listening on http://${config.host}:${config.port} (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  // One clear line for configuration mistakes; the stack only for the unexpected.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
