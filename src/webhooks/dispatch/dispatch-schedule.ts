import { AttemptSlots } from './attempt-slots';

/** The most deliveries one poll claims. */
export const CLAIM_BATCH = 100;

/** What a poll pass was given and what it claimed, for `endPoll`. */
export interface PollPass {
  room: number;
  /** Attempts in flight per host when the pass began. */
  busyBefore: Record<string, number>;
  claimedHosts: readonly string[];
}

/**
 * The dispatcher's scheduling decisions, without I/O: the global and per-host room (AttemptSlots), where due
 * deliveries wait in the table for lack of room (the backlog), and whether the poll must run again at once.
 *
 * While a backlog exists for a host (or for all, at the global limit), fresh completions for it do not start
 * at once: freed slots go to the poll, which takes the oldest first, so fresh work cannot starve old work.
 */
export class DispatchSchedule {
  private readonly slots: AttemptSlots;
  private globalBacklog = false;
  private readonly backlogHosts = new Set<string>();
  private polling = false;
  private pollAgain = false;

  constructor(
    globalLimit: number,
    private readonly perHostLimit: number,
  ) {
    this.slots = new AttemptSlots(globalLimit, perHostLimit);
  }

  get busyHosts(): Record<string, number> {
    return this.slots.busyHosts;
  }

  get isPolling(): boolean {
    return this.polling;
  }

  /**
   * After commit, a delivery written leased to this process: takes a slot for it, unless older work is waiting or
   * there is no room (it is then given back to the table, where the poll finds it; a poll under way looks again).
   */
  admitCommitted(host: string): boolean {
    if (!this.globalBacklog && !this.backlogHosts.has(host) && this.slots.tryTake(host)) return true;
    if (this.slots.free < 1) this.globalBacklog = true;
    else this.backlogHosts.add(host);
    if (this.polling) this.pollAgain = true;
    return false;
  }

  /**
   * A delivery row committed pending (a redelivery): 'claim' it now, or leave it to the 'poll'. A poll under way
   * may have read the table before the row committed, so it is told to look once more.
   */
  routeCommitted(host: string): 'claim' | 'poll' {
    if (this.globalBacklog || this.slots.free < 1) {
      this.globalBacklog = true;
    } else if (this.backlogHosts.has(host) || !this.slots.hasRoomFor(host)) {
      this.backlogHosts.add(host);
    } else {
      return 'claim';
    }
    if (this.polling) this.pollAgain = true;
    return 'poll';
  }

  /** The claim of a committed row failed: the poll takes the row, as soon as its host has room. */
  committedClaimMissed(host: string): void {
    this.backlogHosts.add(host);
  }

  /** Starts a poll pass and says how many it may claim; undefined while one is under way (it will run again). */
  beginPoll(): Omit<PollPass, 'claimedHosts'> | undefined {
    if (this.polling) {
      this.pollAgain = true;
      return undefined;
    }
    this.polling = true;
    return { room: Math.min(CLAIM_BATCH, this.slots.free), busyBefore: this.slots.busyHosts };
  }

  /** Ends a poll pass (undefined: it failed); true when the next one should run at once rather than after the interval. */
  endPoll(pass: PollPass | undefined): boolean {
    if (pass) this.learnFrom(pass);
    this.polling = false;
    const again = this.pollAgain;
    this.pollAgain = false;
    return again;
  }

  private learnFrom({ room, busyBefore, claimedHosts }: PollPass): void {
    if (room === 0) {
      this.globalBacklog = true;
    } else if (claimedHosts.length === room) {
      this.pollAgain = true; // probably more due right now
    } else {
      // Fewer than it had room for: nothing due is left, except for hosts whose room it filled.
      this.globalBacklog = false;
      const claimedFor = new Map<string, number>();
      for (const host of claimedHosts) claimedFor.set(host, (claimedFor.get(host) ?? 0) + 1);
      for (const host of this.backlogHosts) {
        if ((claimedFor.get(host) ?? 0) < this.perHostLimit - (busyBefore[host] ?? 0)) this.backlogHosts.delete(host);
      }
    }
  }

  /** Holds `count` global slots while a claim query runs (it cannot know yet which hosts it gets). */
  holdForClaim(count: number): void {
    this.slots.hold(count);
  }

  releaseClaimHold(count: number): void {
    this.slots.unhold(count);
  }

  /** A claimed delivery: true when it may start now (a slot is taken); false when its host is full (postpone it). */
  admitClaimed(host: string): boolean {
    if (this.slots.tryTake(host)) return true;
    this.backlogHosts.add(host);
    return false;
  }

  /** An attempt's exchange with `host` is over; true when rows waiting for that host can now use the room. */
  exchangeOver(host: string): boolean {
    this.slots.leaveHost(host);
    return this.backlogHosts.has(host);
  }

  /** An attempt's result is recorded; true when rows waiting for any room can now use it. */
  attemptOver(): boolean {
    this.slots.leaveGlobal();
    return this.globalBacklog;
  }

  /** A poll is wanted soon: true when it should be scheduled now, false when the one under way will run again. */
  wantPoll(): boolean {
    if (!this.polling) return true;
    this.pollAgain = true;
    return false;
  }
}
