import type { Metadata } from '../../../platform/domain/metadata';
import type { RunStatus } from '../../domain/run-status';

export class UpdateRunCommand {
  constructor(
    readonly runId: string,
    readonly status: RunStatus | undefined,
    readonly metadata: Metadata | undefined,
    /** Where its callback goes from now on (its undelivered callback too). */
    readonly callbackUrl?: string,
  ) {}
}
