import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { BackgroundLoop } from './background-loop';

describe('a background loop', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs pass after pass, each waiting what the last answered; soon() cuts the wait; stop() ends it', async () => {
    const passes: number[] = [];
    const loop = new BackgroundLoop(async () => {
      passes.push(Date.now());
      return 1000;
    }, 5000);
    const start = Date.now();
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(2500);
    expect(passes.map((at) => at - start)).toEqual([0, 1000, 2000]);
    loop.soon();
    await jest.advanceTimersByTimeAsync(0);
    expect(passes.map((at) => at - start)).toEqual([0, 1000, 2000, 2500]);
    await loop.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(passes).toHaveLength(4);
  });

  it('a soon() during a pass asks for the next right after it; a pass that throws waits the retry delay', async () => {
    let release!: () => void;
    let calls = 0;
    const loop = new BackgroundLoop(async () => {
      calls++;
      if (calls === 1) await new Promise<void>((done) => (release = done));
      if (calls === 2) throw new Error('boom');
      return 60_000;
    }, 300);
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    loop.soon(); // while the first pass is under way
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toBe(2); // at once after the first
    await jest.advanceTimersByTimeAsync(299);
    expect(calls).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3); // the retry delay after the throw
    await loop.stop();
  });
});
