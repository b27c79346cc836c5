import { describe, expect, it } from '@jest/globals';
import type { AttemptOutcomeRecord } from './delivery-queue';
import { AttemptRecorder, type AttemptResultStore } from './attempt-recorder';

const outcome = (id: string, responseBody: string | null, error: string | null = null): AttemptOutcomeRecord => ({
  delivery: {
    id, kind: 'job', subjectId: `job-${id}`, url: 'http://127.0.0.1/hook', destinationHost: '127.0.0.1:80', payload: '{}',
    attemptCount: 1, leaseToken: `token-${id}`, subjectCompletedAt: new Date(0), endpointId: null, retrySchedule: null, rateLimit: null,
  },
  result: { outcome: 'success', startedAt: new Date(0), finishedAt: new Date(1), durationMs: 1, statusCode: 200, error, responseBody },
  verdict: { status: 'succeeded', nextAttemptAt: null },
});

/** A store that refuses any statement holding `poison` in a response body, as PostgreSQL refuses a NUL. */
class FakeStore implements AttemptResultStore {
  readonly statements: string[][] = [];
  readonly stored = new Map<string, string | null>();
  constructor(private readonly refuse: (outcomes: AttemptOutcomeRecord[]) => Error | undefined) {}

  async recordAttempts(outcomes: AttemptOutcomeRecord[]): Promise<Set<string>> {
    this.statements.push(outcomes.map((o) => o.delivery.id));
    const refusal = this.refuse(outcomes);
    if (refusal) throw refusal;
    for (const o of outcomes) this.stored.set(o.delivery.id, o.result.responseBody);
    return new Set(outcomes.filter((o) => o.delivery.id !== 'lost').map((o) => o.delivery.id));
  }
}

const poisoned = (outcomes: AttemptOutcomeRecord[]) =>
  outcomes.some((o) => o.result.responseBody === 'poison') ? Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }) : undefined;

describe('AttemptRecorder', () => {
  it('records results that arrive together in one statement', async () => {
    const store = new FakeStore(() => undefined);
    const recorder = new AttemptRecorder(store);
    expect(await Promise.all(['a', 'b', 'lost'].map((id) => recorder.record(outcome(id, 'ok'))))).toEqual([true, true, false]);
    expect(store.statements).toEqual([['a', 'b', 'lost']]);
  });

  it('a batch refused for one member is recorded member by member; that member with a note instead of its body', async () => {
    const store = new FakeStore(poisoned);
    const recorder = new AttemptRecorder(store);
    const results = await Promise.all([recorder.record(outcome('a', 'ok')), recorder.record(outcome('b', 'poison')), recorder.record(outcome('c', 'ok'))]);
    expect(results).toEqual([true, true, true]);
    expect(store.statements).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['b'], ['c']]);
    expect(Object.fromEntries(store.stored)).toEqual({
      a: 'ok',
      b: '(not stored: the database refused this result: invalid byte sequence for encoding "UTF8": 0x00)',
      c: 'ok',
    });
  });

  it('a member refused even with its body stripped fails alone, with the database error', async () => {
    const refusal = new Error('value too long');
    const store = new FakeStore((outcomes) => (outcomes.some((o) => o.delivery.id === 'b') ? refusal : undefined));
    const recorder = new AttemptRecorder(store);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => recorder.record(outcome(id, 'ok'))));
    expect(results).toEqual([
      { status: 'fulfilled', value: true },
      { status: 'rejected', reason: refusal },
      { status: 'fulfilled', value: true },
    ]);
    expect(store.statements).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['b'], ['c']]);
  });

  it('an unreachable database fails the whole batch at once, without a statement per member', async () => {
    const down = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    const store = new FakeStore(() => down);
    const recorder = new AttemptRecorder(store);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => recorder.record(outcome(id, 'ok'))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(store.statements).toEqual([['a', 'b', 'c']]);
  });

  it('a stuck write holds up nothing: results behind it get another writer once it has run past the stall time', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((done) => (release = done));
    const statements: string[][] = [];
    const store: AttemptResultStore = {
      async recordAttempts(outcomes) {
        statements.push(outcomes.map((o) => o.delivery.id));
        if (outcomes.some((o) => o.delivery.id === 'a')) await stuck; // a connection gone silent
        return new Set(outcomes.map((o) => o.delivery.id));
      },
    };
    const recorder = new AttemptRecorder(store, 50);
    const first = recorder.record(outcome('a', 'ok'));
    await new Promise((done) => setTimeout(done, 20)); // 'a' is being written
    expect(await recorder.record(outcome('b', 'ok'))).toBe(true); // recorded while 'a' is still stuck
    expect(statements).toEqual([['a'], ['b']]);
    release();
    expect(await first).toBe(true);
  });
});
