import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { loadAppConfig } from '../../src/platform/config/load-app-config';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  db: DataSource;
  close(): Promise<void>;
}

/** Test defaults: receivers live on 127.0.0.1, so the private-network guard is off unless a test turns it on. */
const TEST_ENV: Record<string, string> = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_SCHEDULE: '100ms,200ms',
  DISPATCHER_POLL_INTERVAL_MS: '50',
  // Closing waits at most this long for attempts in flight (10 s by default). A close that lands during a poll
  // pass with nothing in flight waits out the whole of it at full CPU (the dispatcher's wait loop resolves at once
  // on an empty set), so the cap keeps that to 1 s; tests of graceful shutdown set their own.
  SHUTDOWN_TIMEOUT_MS: '1000',
  // Quiet test output: only errors, unless TEST_LOG=1 asks for the service's whole log.
  LOG_LEVEL: process.env.TEST_LOG ? 'debug' : 'error',
};

/** The real application (same bootstrap as main.ts) on the test database, with env overrides. */
export async function startTestApp(overrides: Record<string, string | undefined> = {}): Promise<TestApp> {
  const config = loadAppConfig({ ...process.env, ...TEST_ENV, ...overrides });
  const app = await createApp(config);
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready(); // supertest drives the server without listen()
  } catch (error) {
    await app.close().catch(() => undefined); // a start-up refusal must not leave its pool open
    throw error;
  }
  return { app, http: app.getHttpServer(), db: app.get(DataSource), close: () => app.close() };
}

export { resetDatabase } from './database';
