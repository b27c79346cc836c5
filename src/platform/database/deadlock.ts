/** SQLSTATE 40P01: the server broke a lock cycle by failing this transaction; the other one went on. */
const DEADLOCK_DETECTED = '40P01';

/** A statement that lost a deadlock: nothing it did stands, and running it again is the whole remedy. */
export function isDeadlock(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === DEADLOCK_DETECTED;
}
