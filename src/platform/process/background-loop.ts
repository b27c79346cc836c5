/**
 * A background task run pass after pass, one at a time: each pass answers how long to wait before the next, and
 * `soon()` cuts that wait short (or asks for another pass right after the one under way). Its timers never keep
 * the process alive; `stop()` waits for the pass under way.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private pass: Promise<void> | undefined;
  private running = false;
  private again = false;
  private lastPassEnd = 0;

  /** `run` handles its own errors; one that escapes waits `retryMs` before the next pass. */
  constructor(
    private readonly run: () => Promise<number>,
    private readonly retryMs: number,
  ) {}

  /** When the last pass ended (epoch ms; 0: none yet). */
  get lastPassEndedAt(): number {
    return this.lastPassEnd;
  }

  start(delayMs = 0): void {
    this.running = true;
    this.schedule(delayMs);
  }

  soon(): void {
    if (!this.running) return;
    if (this.pass) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer();
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.cancelTimer();
    const next = () => {
      this.timer = undefined;
      this.immediate = undefined;
      this.again = false;
      this.pass = this.run()
        .catch(() => this.retryMs)
        .then((nextMs) => {
          this.pass = undefined;
          this.lastPassEnd = Date.now();
          this.schedule(this.again ? 0 : nextMs);
        });
    };
    // A pass asked for now starts in this turn's check phase: a zero timeout waits at least a millisecond.
    if (delayMs <= 0) this.immediate = setImmediate(next).unref();
    else this.timer = setTimeout(next, delayMs).unref();
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }
}
