import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { CreateJobCommand } from '../../src/jobs/commands/create-job/create-job.command';
import { UpdateJobCommand } from '../../src/jobs/commands/update-job/update-job.command';
import { DomainError } from '../../src/platform/domain/domain-error';
import { CreateRunCommand } from '../../src/runs/commands/create-run/create-run.command';
import { UpdateRunCommand } from '../../src/runs/commands/update-run/update-run.command';
import { CompleteStepCommand } from '../../src/steps/commands/complete-step/complete-step.command';
import { CreateStepCommand } from '../../src/steps/commands/create-step/create-step.command';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/**
 * Internal modules send commands on the CommandBus without HTTP: the domain itself refuses bad input with a clear
 * error naming the field, and writes nothing — the HTTP DTOs are only the first check, not the only one.
 */
describe.each([
  ['with the private-network guard on', 'false'],
  ['with CALLBACK_ALLOW_PRIVATE_NETWORKS=true', 'true'],
])('commands sent on the CommandBus, %s', (_, allowPrivate) => {
  let t: TestApp;
  let commands: CommandBus;
  beforeAll(async () => {
    t = await startTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: allowPrivate });
    commands = t.app.get(CommandBus);
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const rows = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM jobs)::int AS jobs, (SELECT count(*) FROM runs)::int AS runs,
                              (SELECT count(*) FROM steps)::int AS steps, (SELECT count(*) FROM events)::int AS events`))[0];
  const refusal = async (command: object): Promise<DomainError> => {
    const error = await commands.execute(command as never).then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };
  const huge = { blob: 'x'.repeat(64 * 1024) };

  // The rules themselves are unit specs of the deciders (job-decider, run-decider, step-decider); these rows prove
  // the bus reaches them, one per family, and that a refusal writes nothing.
  it.each([
    ['a callback_url that is not a URL', new CreateJobCommand('not a url', undefined), 'callback_url'],
    ['an empty callback_url', new CreateJobCommand('', undefined), 'callback_url'],
    ['metadata with a NUL', new CreateJobCommand(undefined, { k: 'a\u0000' }), 'metadata.k'],
    ['metadata nested 5,000 deep', new CreateJobCommand(undefined, JSON.parse(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`)), 'metadata'],
    ['an empty agent_id', new CreateRunCommand('', undefined, undefined), 'agent_id'],
    ['a run callback_url that is not a URL', new CreateRunCommand(undefined, 'http//x', undefined), 'callback_url'],
  ])('create with %s: invalid_input naming %s, nothing written', async (_, command, field) => {
    const error = await refusal(command);
    expect({ code: error.code, field: error.field }).toEqual({ code: 'invalid_input', field });
    expect(error.message).toContain(field);
    expect(await rows()).toEqual({ jobs: 0, runs: 0, steps: 0, events: 0 });
  });

  it('an id with a NUL names nothing: not_found, never a database error', async () => {
    for (const command of [new UpdateJobCommand('job-\u0000', 'completed', undefined), new CompleteStepCommand('step-\u0000', 'success')]) {
      const error = await refusal(command);
      expect(error.code).toBe('not_found');
    }
  });

  it('a stored job is never given an unusable callback_url, so its completion cannot fail on it', async () => {
    await refusal(new CreateJobCommand('http://exa mple.com/x', undefined));
    const job = await commands.execute(new CreateJobCommand(undefined, undefined));
    const done = await commands.execute(new UpdateJobCommand(job.id, 'completed', undefined));
    expect(done.status).toBe('completed');
    expect(await rows()).toEqual({ jobs: 1, runs: 0, steps: 0, events: 2 });
  });

  it('changes with an unknown status, bad metadata, or a bad step outcome are refused and change nothing', async () => {
    const job = await commands.execute(new CreateJobCommand(undefined, { a: 1 }));
    const run = await commands.execute(new CreateRunCommand('agent-1', undefined, undefined));
    const step = await commands.execute(new CreateStepCommand(run.id, {}));
    const before = await rows();
    const cases: [object, string][] = [
      [new UpdateJobCommand(job.id, 'done' as never, undefined), 'status'],
      [new UpdateJobCommand(job.id, undefined, 'text' as never), 'metadata'],
      [new UpdateRunCommand(run.id, 'expired' as never, undefined), 'status'], // runs have no 'expired'
      [new CreateStepCommand(run.id, [] as never), 'metadata'],
      [new CompleteStepCommand(step.id, 'failed', 'nul\u0000'), 'error'],
    ];
    for (const [command, field] of cases) {
      const error = await refusal(command);
      expect([field, error.code, error.field]).toEqual([field, 'invalid_input', field]);
    }
    expect(await rows()).toEqual(before);
    const [stored] = await t.db.query(`SELECT status, metadata FROM jobs WHERE id = $1`, [job.id]);
    expect(stored).toEqual({ status: 'created', metadata: { a: 1 } });
  });
});
