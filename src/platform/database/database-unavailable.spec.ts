import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from './database-unavailable';
import { ReadReplicaUnavailableError } from './read-data-source';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a terminated backend', withCode('57P01')],
    ['a connection exception class (08…)', withCode('08006')],
    ['a statement cancelled by statement_timeout', withCode('57014')],
    ['a session ended for idling in its transaction', withCode('25P03')],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pool: timeout exceeded when trying to connect', new Error('timeout exceeded when trying to connect')],
    [
      "TypeORM: a query runner whose connection was terminated between a transaction's statements",
      new Error('Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.'),
    ],
    ['a read replica cancelling a query its replay conflicts with', Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' })],
    ['the read replica not reached yet', new ReadReplicaUnavailableError()],
    ['wrapped by TypeORM as driverError', Object.assign(new Error('query failed'), { driverError: withCode('57P01') })],
  ])('%s: unavailable (503)', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['invalid UTF-8 in a parameter', withCode('22021')],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s: not unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
