import { LifecycleDecider } from '../../lifecycle/lifecycle-decider';
import type { LifecycleState } from '../../lifecycle/lifecycle-state';
import type { Decider } from '../../platform/domain/decider';
import { DomainError, EntityNotFoundError } from '../../platform/domain/domain-error';
import { assertOptionalText } from '../../platform/domain/input-rules';
import { RunCompletedEvent } from '../events/run-completed.event';
import { RunCreatedEvent } from '../events/run-created.event';
import { RunMetadataChangedEvent } from '../events/run-metadata-changed.event';
import { RunCallbackUrlChangedEvent } from '../events/run-callback-url-changed.event';
import { RunStartedEvent } from '../events/run-started.event';
import { RunStepAddedEvent } from '../events/run-step-added.event';
import type { RunCommand } from './run-command';
import { RUN_STATUSES, RUN_TERMINAL_STATUSES, type RunTerminalStatus } from './run-status';

export const MAX_AGENT_ID_LENGTH = 200;

export interface RunState extends LifecycleState {
  agentId: string | null;
}

const LIFECYCLE = new LifecycleDecider<RunState>({
  name: 'run',
  eventPrefix: 'Run',
  statuses: RUN_STATUSES,
  initial: 'created',
  running: 'running',
  terminal: RUN_TERMINAL_STATUSES,
  created: (command) => {
    const { id, now, callbackUrl, metadata, agentId, requestDigest } = command as Extract<RunCommand, { type: 'create' }>;
    return new RunCreatedEvent(id, now, agentId, callbackUrl, metadata, requestDigest);
  },
  started: (id, now) => new RunStartedEvent(id, now),
  metadataChanged: (id, now, update) => new RunMetadataChangedEvent(id, now, update),
  callbackUrlChanged: (id, now, url) => new RunCallbackUrlChangedEvent(id, now, url),
  completed: ({ id, status }, now) => new RunCompletedEvent(id, now, status as RunTerminalStatus),
  fromCreated: (data) => ({ agentId: (data.agent_id as string | undefined) ?? null }),
});

/** A run's rules: the shared lifecycle, plus steps, which may join only while the run is not terminal. */
export const RUN_DECIDER: Decider<RunCommand, RunState> & { isTerminal(state: RunState): boolean } = {
  decide(command, state) {
    if (command.type === 'create' && !state) assertOptionalText('agent_id', command.agentId, MAX_AGENT_ID_LENGTH, 1);
    if (command.type !== 'addStep') return LIFECYCLE.decide(command, state);
    if (!state) throw new EntityNotFoundError('run', command.id);
    if (LIFECYCLE.isTerminal(state)) {
      throw new DomainError('conflict', `run ${command.id} is already ${state.status}; steps cannot be added to it`);
    }
    return [new RunStepAddedEvent(command.id, command.now, command.stepId)];
  },
  evolve: (state, event) => LIFECYCLE.evolve(state, event),
  isTerminal: (state) => LIFECYCLE.isTerminal(state),
};
