import { performance } from 'node:perf_hooks';

const TICK_MS = 2;

/**
 * Measures the longest time the event loop was blocked, by a timer that should fire every TICK_MS: the
 * service runs in this process, so a synchronous stretch in a request handler shows up here. A histogram
 * (monitorEventLoopDelay) records a block only when its next sample fires, possibly after the answer has
 * arrived; this probe also counts the stretch since its last tick when read.
 */
export class EventLoopStallProbe {
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private longest = 0;

  start(): void {
    this.stop();
    this.lastTick = performance.now();
    this.longest = 0;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.longest = Math.max(this.longest, now - this.lastTick - TICK_MS);
      this.lastTick = now;
    }, TICK_MS);
  }

  /** The longest block, in ms, since start(). */
  read(): number {
    return Math.max(this.longest, performance.now() - this.lastTick - TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
