// Which PostgreSQL server tools can build the streaming replica of the read-replica test, decided once per test run
// at run time: that test is listed only where they exist, and the run says which way it went (see docs/testing.md).
// The embedded package has no pg_basebackup; a server package has (Debian's postgresql puts it in
// /usr/lib/postgresql/<major>/bin, off PATH).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The e2e files that start a primary and a streaming standby of their own. */
export const READ_REPLICA_E2E = ['test/platform/read-replica.e2e-spec.ts'];

const TOOLS = ['initdb', 'pg_ctl', 'postgres', 'pg_basebackup'];

/** Debian's server folders, the newest major first, then whatever pg_config on PATH names. */
function candidates() {
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((major) => /^\d+$/.test(major)).sort((a, b) => Number(b) - Number(a)).map((major) => `/usr/lib/postgresql/${major}/bin`)
    : [];
  try {
    return [...debian, execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()];
  } catch {
    return debian;
  }
}

/** As root the servers run as `postgres` (PostgreSQL refuses root): that user must exist. */
function canRunServers() {
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding initdb, pg_ctl, postgres and pg_basebackup, or '' when none does (or, as root, there is no
 * `postgres` user to run them). Kept in PG_SERVER_TOOLS, so the Jest processes started after it (and their workers)
 * read the same answer; set PG_SERVER_TOOLS yourself to pick a folder, or to '' to leave the test out.
 */
export function postgresServerTools() {
  if (process.env.PG_SERVER_TOOLS !== undefined) return process.env.PG_SERVER_TOOLS;
  const found = canRunServers() ? (candidates().find((folder) => TOOLS.every((tool) => existsSync(join(folder, tool)))) ?? '') : '';
  process.env.PG_SERVER_TOOLS = found;
  return found;
}

/** One line for the run's output: whether the read-replica test runs, and why not when it does not. */
export function postgresServerToolsNotice() {
  const tools = postgresServerTools();
  return tools
    ? `read replica routing: tested with the PostgreSQL server tools in ${tools}`
    : `read replica routing: NOT tested (${READ_REPLICA_E2E.join(', ')} not listed): no folder with ${TOOLS.join(', ')} ` +
        '(Debian: apt-get install postgresql; as root a postgres user must exist too)';
}
