import { LifecycleDecider } from '../../lifecycle/lifecycle-decider';
import type { LifecycleState } from '../../lifecycle/lifecycle-state';
import { JobCompletedEvent } from '../events/job-completed.event';
import { JobCreatedEvent } from '../events/job-created.event';
import { JobMetadataChangedEvent } from '../events/job-metadata-changed.event';
import { JobCallbackUrlChangedEvent } from '../events/job-callback-url-changed.event';
import { JobStartedEvent } from '../events/job-started.event';
import { JOB_STATUSES, JOB_TERMINAL_STATUSES, type JobTerminalStatus } from './job-status';

export type JobState = LifecycleState;

/** A job's rules: the shared lifecycle, with the job's statuses and events. */
export const JOB_DECIDER = new LifecycleDecider<JobState>({
  name: 'job',
  eventPrefix: 'Job',
  statuses: JOB_STATUSES,
  initial: 'created',
  running: 'running',
  terminal: JOB_TERMINAL_STATUSES,
  created: ({ id, now, callbackUrl, metadata, requestDigest }) => new JobCreatedEvent(id, now, callbackUrl, metadata, requestDigest),
  started: (id, now) => new JobStartedEvent(id, now),
  metadataChanged: (id, now, update) => new JobMetadataChangedEvent(id, now, update),
  callbackUrlChanged: (id, now, url) => new JobCallbackUrlChangedEvent(id, now, url),
  completed: ({ id, status }, now) => new JobCompletedEvent(id, now, status as JobTerminalStatus),
  fromCreated: () => ({}),
});
