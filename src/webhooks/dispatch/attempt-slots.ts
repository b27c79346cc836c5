/**
 * Counts attempts this process has in flight (or about to start), globally and per destination host, so
 * one slow receiver can hold at most its own share. A host's share counts open exchanges with it; the global
 * one counts attempts until their result is recorded. Claims under way hold global slots until they know
 * which hosts they got.
 */
export class AttemptSlots {
  private taken = 0;
  private readonly byHost = new Map<string, number>();

  constructor(
    private readonly globalLimit: number,
    private readonly perHostLimit: number,
  ) {}

  get free(): number {
    return this.globalLimit - this.taken;
  }

  get busyHosts(): Record<string, number> {
    return Object.fromEntries(this.byHost);
  }

  /** Whether `host` is below its per-host limit (the global limit aside). */
  hasRoomFor(host: string): boolean {
    return (this.byHost.get(host) ?? 0) < this.perHostLimit;
  }

  /** Takes a slot for one attempt to `host`, or answers false when the global or host limit is reached. */
  tryTake(host: string): boolean {
    const busy = this.byHost.get(host) ?? 0;
    if (this.taken >= this.globalLimit || busy >= this.perHostLimit) return false;
    this.taken++;
    this.byHost.set(host, busy + 1);
    return true;
  }

  give(host: string): void {
    this.leaveHost(host);
    this.leaveGlobal();
  }

  /** The attempt's exchange with `host` is over (its result may still be being recorded). */
  leaveHost(host: string): void {
    const left = (this.byHost.get(host) ?? 1) - 1;
    if (left > 0) this.byHost.set(host, left);
    else this.byHost.delete(host);
  }

  leaveGlobal(): void {
    this.taken--;
  }

  /** Holds `count` global slots while a claim query runs. */
  hold(count: number): void {
    this.taken += count;
  }

  unhold(count: number): void {
    this.taken -= count;
  }
}
