import { expect, it } from '@jest/globals';
import { describeFaultsUnderLoad, FAULT_MS } from '../support/database-faults-under-load';
import { eventually } from '../support/poll';

/** Faults between the service and PostgreSQL that slow or silence connections (the resets are in database-faults-resets). */
describeFaultsUnderLoad('faults between the service and PostgreSQL, under load: slow, stalled and silent connections', (faults) => {
  it('latency of 40 ms per chunk each way: slower, never a 500', async () => {
    const { answers, recoveryMs } = await faults.underLoad('latency', async () => {
      faults.proxy.delay({ toServerMs: 40, toClientMs: 40 });
      await faults.faultFor(FAULT_MS);
    });
    faults.expectWithinContract(answers, recoveryMs);
  });

  it('a stall of 2 s that then flows again: requests wait, never a 500', async () => {
    const { answers, recoveryMs } = await faults.underLoad('stall', async () => {
      faults.proxy.stall();
      await faults.faultFor(2000);
    });
    faults.expectWithinContract(answers, recoveryMs);
  });

  it('half-open connections whose answers never come (commits land, the service cannot know): 503, then recovery', async () => {
    const { answers, recoveryMs } = await faults.underLoad('answers lost', async () => {
      faults.proxy.stall({ direction: 'to-client', afterwards: 'silent' });
      await faults.faultFor(FAULT_MS);
    });
    faults.expectWithinContract(answers, recoveryMs);
    expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(0); // the silence was noticed
  });

  it('a completion that commits but whose answer is lost: 200 or 503, a repeat 200, one delivery under one webhook-id', async () => {
    const send = (method: string, path: string, body: object) =>
      fetch(`${faults.service.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
    const created = await send('POST', '/v1/jobs', { callback_url: faults.receiver.url('/answer-lost') });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const completion = { status: 'completed', metadata: { marker: `answer-lost-${id}` } };
    let first: Response | undefined;
    const { answers, recoveryMs } = await faults.underLoad('commit answer lost', async () => {
      // The commit carrying this completion reaches PostgreSQL; its answer never comes back.
      const silenced = faults.proxy.silenceConnectionAfter(completion.metadata.marker, { seenIn: 'to-server', silence: 'to-client' });
      first = await send('PATCH', `/v1/jobs/${id}`, completion);
      await silenced;
    });
    // The service itself may re-decide on the stored row (a unit that read its cached row does) and find the job
    // completed: 200. Otherwise the outcome is unknown to it: 503, and the client repeats.
    const firstAnswer = [first!.status, first!.headers.get('retry-after')];
    expect([[200, null], [503, '1']]).toContainEqual(firstAnswer);
    const repeated = await send('PATCH', `/v1/jobs/${id}`, completion);
    expect(repeated.status).toBe(200);
    expect(await repeated.json()).toMatchObject({ id, status: 'completed', metadata: completion.metadata });
    faults.jobs.set(id, { phase: 'commit answer lost', completionConfirmed: true });

    const [delivery] = await eventually(
      async () => {
        const rows: { id: string; status: string }[] = await faults.db.query(`SELECT id, status FROM deliveries WHERE subject_id = $1`, [id]);
        return rows[0]?.status === 'succeeded' && rows;
      },
      { what: 'the completion to be delivered', timeoutMs: 15_000, intervalMs: 100 },
    ).catch(async (error: Error) => {
      // What the delivery looks like when it is late says where it stuck (its lease, its attempts, its state).
      const state = await faults.db.query(
        `SELECT d.status, d.attempt_count, d.next_attempt_at, now() AS now, l.token, l.attempt AS lease_attempt, l.expires_at,
                (SELECT json_agg(a.*) FROM delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
           FROM deliveries d LEFT JOIN delivery_leases l ON l.delivery_id = d.id WHERE d.subject_id = $1`,
        [id],
      );
      throw new Error(`${error.message}; the delivery: ${JSON.stringify(state)}; the service said: ${faults.service.output().slice(-3000)}`);
    });
    expect((await faults.db.query(`SELECT id FROM deliveries WHERE subject_id = $1`, [id])).length).toBe(1);
    const received = faults.receiver.requests.filter((request) => request.path === '/answer-lost');
    expect(new Set(received.map((request) => request.headers['webhook-id']))).toEqual(new Set([delivery.id]));
    expect(JSON.parse(received[0].body)).toMatchObject({ job_id: id, status: 'completed', metadata: completion.metadata });
    faults.expectWithinContract(answers, recoveryMs);
  });
});
