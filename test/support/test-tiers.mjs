// Which test files run where. Read by jest.config.mjs and scripts/run-test-tiers.mjs.
import { postgresServerTools, READ_REPLICA_E2E } from './postgres-server-tools.mjs';
import { PYTHON_RECEIVER_E2E, receiverPython } from './receiver-python.mjs';

/**
 * Files this machine cannot run (decided at run time): the FastAPI receiver's test without a python3 that has
 * FastAPI, the read replica's without PostgreSQL server tools that can make a standby.
 */
export function unrunnableE2E() {
  return [...(receiverPython() ? [] : PYTHON_RECEIVER_E2E), ...(postgresServerTools() ? [] : READ_REPLICA_E2E)];
}

/**
 * e2e files that run several service processes, a load, a browser or other programs of their own: in a second Jest
 * run started beside the parallel tiers, two at a time (TEST_SERIAL_WORKERS; they wait on processes and receivers far
 * more than they compute). A file with one light service process (its log, the README's commands, lease fencing,
 * an outage of the feed, the embedded database's start) runs in the parallel lane: there it evens out the two
 * runs' lengths. Each works in its own database and on its own ports, like every other file.
 */
export const SERIAL_E2E = [
  'test/client/client-package.e2e-spec.ts', // npm pack and install, tsc, node: child processes
  'test/dashboard/bulk-redelivery.e2e-spec.ts',
  'test/dashboard/dashboard-incident.e2e-spec.ts',
  'test/dashboard/dashboard.e2e-spec.ts',
  'test/dashboard/endpoint-health-page.e2e-spec.ts',
  'test/dashboard/endpoints-page.e2e-spec.ts',
  'test/dashboard/search-page.e2e-spec.ts',
  'test/endpoints/endpoint-fan-out-replicas.e2e-spec.ts', // two service processes, one SIGKILLed
  'test/endpoints/fan-out-unit-size.e2e-spec.ts', // a service process under the production heap cap
  'test/operations/bulk-redelivery-replicas.e2e-spec.ts',
  'test/platform/database-faults-resets.e2e-spec.ts',
  'test/platform/database-faults-stalls.e2e-spec.ts',
  'test/platform/database-outage.e2e-spec.ts',
  'test/platform/npm-start-signals.e2e-spec.ts',
  'test/platform/process-lifecycle.e2e-spec.ts',
  'test/platform/read-replica.e2e-spec.ts', // a PostgreSQL primary and a streaming standby of its own, stopped and started
  'test/webhooks/crash-recovery.e2e-spec.ts',
  'test/webhooks/replicas.e2e-spec.ts',
  'test/webhooks/terminal-race.e2e-spec.ts',
];

/**
 * e2e files that measure the service's event-loop stalls or memory, and load the box heavily while doing it: a
 * busy neighbour would fake a stall or inflate a reading, and they would starve their neighbours. They run last,
 * one at a time, with nothing beside them.
 */
export const ALONE_E2E = [
  'test/fuzz/routes.fuzz.e2e-spec.ts', // no request may block the event loop over 100 ms
  'test/platform/memory-bounds.e2e-spec.ts', // 66 MB pages under the production heap cap
  'test/platform/request-body-admission.e2e-spec.ts', // RSS growth under 1,600 keyless bodies; 200 ms body deadlines
];

/**
 * What depends on the PostgreSQL server itself rather than on the service's own code, run a second time against
 * the machine's server (`npm run test:server`): migrations, the table SQL, the feed horizon's locks, concurrency,
 * group commit, the rebuild and its presence lock, outages and faults (how the server lets go of a dead
 * connection's locks and transactions), races and lease fencing. Replaying aggregates from the log
 * (event-log-is-the-truth) is the service's own logic: the first pass covers it.
 */
export const SERVER_SUBSET = [
  'test/platform/migrations.e2e-spec.ts',
  'test/platform/event-feed.e2e-spec.ts',
  'test/platform/concurrency.e2e-spec.ts',
  'test/platform/group-commit.e2e-spec.ts',
  'test/platform/projections-rebuild.e2e-spec.ts',
  'test/platform/projections-rebuild-presence.e2e-spec.ts',
  'test/platform/database-outage.e2e-spec.ts',
  'test/platform/database-faults-resets.e2e-spec.ts',
  'test/platform/database-faults-stalls.e2e-spec.ts',
  'test/webhooks/terminal-race.e2e-spec.ts',
  'test/webhooks/lease-fencing.e2e-spec.ts',
  'test/webhooks/delivery-queue.int-spec.ts',
  'test/platform/event-store.int-spec.ts',
  'test/endpoints/endpoint-fan-out.int-spec.ts',
  'test/webhooks/destination-limits.int-spec.ts',
  // LIKE prefixes and their text_pattern_ops indexes under the server's collation, not only the embedded one's.
  'test/webhooks/delivery-search.int-spec.ts',
  // The claim's plan past a paused endpoint's held deliveries (which indexes the server's planner picks).
  'test/webhooks/claim-past-held-deliveries.int-spec.ts',
  // The purge's one statement across tables (foreign keys checked at its end) and its row locks against commands.
  'test/retention/retention.e2e-spec.ts',
  'test/retention/purge-races.e2e-spec.ts',
];
