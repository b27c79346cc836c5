import type { Metadata } from '../../../platform/domain/metadata';

export class CreateStepCommand {
  constructor(
    readonly runId: string,
    readonly metadata: Metadata | undefined,
  ) {}
}
