export const JOB_STATUSES = ['created', 'running', 'completed', 'failed', 'cancelled', 'expired'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled', 'expired']);
export type JobTerminalStatus = 'completed' | 'failed' | 'cancelled' | 'expired';
