import type { Metadata } from '../../../platform/domain/metadata';

export class CreateJobCommand {
  constructor(
    readonly callbackUrl: string | undefined,
    readonly metadata: Metadata | undefined,
  ) {}
}
