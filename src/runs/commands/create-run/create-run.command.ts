import type { Metadata } from '../../../platform/domain/metadata';

export class CreateRunCommand {
  constructor(
    readonly agentId: string | undefined,
    readonly callbackUrl: string | undefined,
    readonly metadata: Metadata | undefined,
  ) {}
}
