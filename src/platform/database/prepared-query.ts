import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const names = new Map<string, string>();
/** SQLSTATE of a statement cancelled by statement_timeout. */
const STATEMENT_TIMEOUT = '57014';

/** A stable name per statement text: the same text is parsed once per connection, then only bound and run. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs `work` on a connection of TypeORM's pool. A connection that failed under it is not given back for reuse;
 * one whose statement merely ran out of time (statement_timeout) is still sound.
 */
export async function onPooledConnection<T>(dataSource: DataSource, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    if (isDatabaseUnavailable(error) && (error as { code?: string }).code !== STATEMENT_TIMEOUT) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs a hot statement as a named prepared statement on a connection of TypeORM's pool. The service's hot
 * statements (a unit of work's commit, the claim, the attempt record) are a few kilobytes of CTEs: sent and
 * parsed every time, their text and its planning cost more than their work. Their shapes are few (one per
 * combination of writes), so each connection prepares each at most once. Errors are pg's own (code, constraint).
 */
export async function preparedQuery<Row = Record<string, unknown>>(dataSource: DataSource, sql: string, params: unknown[]): Promise<Row[]> {
  return onPooledConnection(dataSource, async (client) => (await client.query({ name: statementName(sql), text: sql, values: params })).rows as Row[]);
}
