import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { newId } from '../../../platform/domain/new-id';
import { idempotentId, requestDigest } from '../../../platform/http/idempotency-key';
import { RunRepository } from '../../../runs/persistence/run.repository';
import type { StepRecord } from '../../persistence/step.orm-entity';
import { StepRepository } from '../../persistence/step.repository';
import { CreateStepCommand } from './create-step.command';

@CommandHandler(CreateStepCommand)
export class CreateStepHandler implements ICommandHandler<CreateStepCommand, StepRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly runs: RunRepository,
    private readonly steps: StepRepository,
  ) {}

  execute({ runId, metadata, idempotency }: CreateStepCommand): Promise<StepRecord> {
    const stepId = idempotency ? idempotentId('step', idempotency, `runs/${runId}/steps`) : newId('step');
    const digest = idempotency ? requestDigest({ metadata: metadata ?? {} }) : undefined;
    return this.unitOfWork.run(async (batch) => {
      const now = new Date();
      // A repeat of an idempotent create answers the step it made, and adds nothing to the run again. The first
      // attempt assumes the step is new: a repeat collides on the step's stream at commit, and the next one looks.
      const repeat = idempotency !== undefined && batch.attempt > 1 && (await this.steps.exists(batch, stepId));
      if (!repeat) {
        try {
          // 409 on a terminal run; collides with a concurrent run completion on the run stream's version.
          await this.runs.execute(batch, { type: 'addStep', id: runId, stepId, now });
        } catch (error) {
          // A repeat of a step made before its run finished still answers that step.
          if (!(idempotency && (await this.steps.exists(batch, stepId)))) throw error;
        }
      }
      return this.steps.execute(batch, { type: 'create', stepId, runId, metadata: metadata ?? {}, now, requestDigest: digest });
    });
  }
}
