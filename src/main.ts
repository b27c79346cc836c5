import 'reflect-metadata';
import { constants } from 'node:os';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './bootstrap';
import { ConfigurationError } from './platform/config/configuration-error';
import { loadAppConfig } from './platform/config/load-app-config';
import { startEmbeddedDatabase } from './platform/database/embedded-database';
import { createRootLogger } from './platform/logging/create-root-logger';
import { ShutdownSignals } from './platform/process/shutdown-signals';

async function main(): Promise<void> {
  let config = loadAppConfig(process.env);
  const logger = createRootLogger(config).child({ context: 'Main' });
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  let app: NestFastifyApplication | undefined;

  // Listening from the first moment: a signal during start-up waits for it to settle, then stops what started
  // (an embedded PostgreSQL killed half-way would be left running). Every signal is handled (`on`, not `once`): a
  // repeat with no handler left would kill the process mid-shutdown, and Ctrl-C on `npm start` always sends two.
  let startup: Promise<void> = Promise.resolve();
  let stopping = false;
  const signals = new ShutdownSignals(config.shutdownTimeoutMs);
  const shutdown = async (signal: NodeJS.Signals) => {
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
  const onSignal = (signal: NodeJS.Signals) => {
    switch (signals.receive(Date.now())) {
      case 'shut-down':
        return void shutdown(signal);
      case 'report-repeat':
        return logger.warn(`${signal} received again: the shutdown is already under way; a signal after ${new Date(signals.forceableAt!).toISOString()} forces the exit`);
      case 'force-exit':
        logger.error(`${signal} received after the shutdown deadline: exiting now; attempts still in flight are retried when their leases expire`);
        embedded?.requestStop(); // out of the terminal's reach, it would outlive us until the next start
        return process.exit(128 + constants.signals[signal]);
      case 'ignore':
        return;
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  startup = (async () => {
    if (!config.databaseUrl) {
      // In a session of its own: Ctrl-C in the terminal must not stop it before the attempts in flight are recorded.
      embedded = await startEmbeddedDatabase(config.embeddedDatabaseDir, (message) => logger.info(message), { ownSession: true });
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
