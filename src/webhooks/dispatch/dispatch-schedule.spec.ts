import { describe, expect, it } from '@jest/globals';
import { CLAIM_BATCH, DispatchSchedule } from './dispatch-schedule';

const A = 'a.example:443';
const B = 'b.example:443';

/** Fills the schedule with attempts in flight, as committed deliveries admitted at once would. */
function withAttempts(schedule: DispatchSchedule, hosts: string[]): DispatchSchedule {
  for (const host of hosts) expect(schedule.admitCommitted(host)).toBe(true);
  return schedule;
}

describe('DispatchSchedule', () => {
  it('admits committed deliveries while there is room, globally and per host', () => {
    const schedule = new DispatchSchedule(3, 2);
    expect(schedule.admitCommitted(A)).toBe(true);
    expect(schedule.admitCommitted(A)).toBe(true);
    expect(schedule.admitCommitted(A)).toBe(false); // A at its limit
    expect(schedule.admitCommitted(B)).toBe(true);
    expect(schedule.busyHosts).toEqual({ [A]: 2, [B]: 1 });
  });

  it('a host that was full keeps fresh completions out until a poll has taken its waiting rows', () => {
    const schedule = withAttempts(new DispatchSchedule(10, 1), [A]);
    expect(schedule.admitCommitted(A)).toBe(false); // A's row goes back to the table: A has a backlog now
    expect(schedule.exchangeOver(A)).toBe(true); // room for A: the poll should run
    expect(schedule.attemptOver()).toBe(false);
    expect(schedule.admitCommitted(A)).toBe(false); // the older row goes first, through the poll
    expect(schedule.admitCommitted(B)).toBe(true); // other hosts are not held up

    const pass = schedule.beginPoll()!;
    expect(pass).toEqual({ room: 9, busyBefore: { [B]: 1 } });
    expect(schedule.admitClaimed(A)).toBe(true);
    expect(schedule.endPoll({ ...pass, claimedHosts: [A] })).toBe(false);
    // The poll claimed A's row and filled A's room: A keeps its backlog while that attempt runs.
    expect(schedule.admitCommitted(A)).toBe(false);
  });

  it('a poll that claims less than it had room for clears the backlogs of hosts it did not fill', () => {
    const schedule = withAttempts(new DispatchSchedule(10, 2), [A, A]);
    expect(schedule.routeCommitted(A)).toBe('poll');
    expect(schedule.exchangeOver(A)).toBe(true);
    schedule.attemptOver();
    const pass = schedule.beginPoll()!;
    expect(pass.room).toBe(9);
    expect(schedule.endPoll({ ...pass, claimedHosts: [] })).toBe(false);
    expect(schedule.routeCommitted(A)).toBe('claim');
  });

  it('at the global limit everything waits for the poll, which runs again as soon as an attempt is recorded', () => {
    const schedule = withAttempts(new DispatchSchedule(2, 2), [A, B]);
    expect(schedule.admitCommitted(B)).toBe(false);
    expect(schedule.routeCommitted(A)).toBe('poll');
    expect(schedule.exchangeOver(A)).toBe(false); // host room alone does not help at the global limit
    expect(schedule.attemptOver()).toBe(true);
    expect(schedule.admitCommitted(A)).toBe(false); // still the poll's turn
  });

  it('a poll that fills its room runs again at once; one that finds no room marks the global backlog', () => {
    const full = new DispatchSchedule(500, 500);
    const pass = full.beginPoll()!;
    expect(pass.room).toBe(CLAIM_BATCH);
    expect(full.endPoll({ ...pass, claimedHosts: Array.from({ length: CLAIM_BATCH }, () => A) })).toBe(true);

    const none = withAttempts(new DispatchSchedule(1, 1), [A]);
    const empty = none.beginPoll()!;
    expect(empty.room).toBe(0);
    expect(none.endPoll({ ...empty, claimedHosts: [] })).toBe(false);
    expect(none.routeCommitted(B)).toBe('poll');
  });

  it('a row committed while a poll is under way makes that poll look once more', () => {
    const schedule = withAttempts(new DispatchSchedule(10, 1), [A]);
    const pass = schedule.beginPoll()!;
    expect(schedule.beginPoll()).toBeUndefined(); // one at a time
    expect(schedule.routeCommitted(A)).toBe('poll');
    expect(schedule.wantPoll()).toBe(false);
    expect(schedule.endPoll({ ...pass, claimedHosts: [] })).toBe(true);
    expect(schedule.wantPoll()).toBe(true);
  });

  it('claims hold global room until they know their hosts; a claimed row for a full host is postponed', () => {
    const schedule = withAttempts(new DispatchSchedule(3, 1), [A]);
    schedule.holdForClaim(2);
    expect(schedule.admitCommitted(B)).toBe(false);
    schedule.releaseClaimHold(2);
    expect(schedule.admitClaimed(A)).toBe(false);
    expect(schedule.routeCommitted(A)).toBe('poll');
    expect(schedule.admitClaimed(B)).toBe(true);
    schedule.exchangeOver(B);
    schedule.attemptOver();
    expect(schedule.busyHosts).toEqual({ [A]: 1 });
  });
});
