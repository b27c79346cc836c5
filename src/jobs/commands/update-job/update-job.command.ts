import type { Metadata } from '../../../platform/domain/metadata';
import type { JobStatus } from '../../domain/job-status';

export class UpdateJobCommand {
  constructor(
    readonly jobId: string,
    readonly status: JobStatus | undefined,
    readonly metadata: Metadata | undefined,
    /** Where its callback goes from now on (its undelivered callback too). */
    readonly callbackUrl?: string,
  ) {}
}
