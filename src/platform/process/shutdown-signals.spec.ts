import { describe, expect, it } from '@jest/globals';
import { SHUTDOWN_GRACE_MS, ShutdownSignals } from './shutdown-signals';

describe('ShutdownSignals', () => {
  it('the first signal starts the shutdown; a repeat is reported once, then ignored, until the deadline', () => {
    const signals = new ShutdownSignals(10_000);
    expect(signals.forceableAt).toBeUndefined();
    expect(signals.receive(1_000)).toBe('shut-down');
    expect(signals.forceableAt).toBe(1_000 + 10_000 + SHUTDOWN_GRACE_MS);
    // Ctrl-C on `npm start`: the terminal's copy, then npm's, a few milliseconds apart
    expect(signals.receive(1_003)).toBe('report-repeat');
    expect(signals.receive(5_000)).toBe('ignore');
    expect(signals.receive(1_000 + 10_000 + SHUTDOWN_GRACE_MS - 1)).toBe('ignore');
  });

  it('a signal from the deadline on forces the exit, reported or not', () => {
    const signals = new ShutdownSignals(10_000);
    signals.receive(0);
    expect(signals.receive(10_000 + SHUTDOWN_GRACE_MS)).toBe('force-exit');
    expect(signals.receive(10_000 + SHUTDOWN_GRACE_MS + 1)).toBe('force-exit');
  });

  it('with SHUTDOWN_TIMEOUT_MS=0 the copy npm forwards still does not force the exit', () => {
    const signals = new ShutdownSignals(0);
    expect(signals.receive(0)).toBe('shut-down');
    expect(signals.receive(50)).toBe('report-repeat');
    expect(signals.receive(SHUTDOWN_GRACE_MS)).toBe('force-exit');
  });
});
