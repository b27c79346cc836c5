import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '../platform/config/app-config';
import { BackgroundLoop } from '../platform/process/background-loop';
import { AdvanceRedeliveryCommand } from './commands/advance-redelivery/advance-redelivery.command';
import { OperationsTable } from './persistence/operations.table';

/** Between two batches of one operation: the pace is BULK_REDELIVERY_PER_SECOND in batches this far apart. */
const BATCH_INTERVAL_MS = 200;
/** How often a replica looks for running operations when it has none. */
const IDLE_LOOK_MS = 1000;
/** Operations advanced side by side; more wait their turn. */
const OPERATIONS_AT_ONCE = 8;

/**
 * Advances every running bulk redelivery, on every replica: whichever gets to an operation's next batch first
 * records it (the operation's stream decides), so an operation goes on when the replica that started it dies.
 */
@Injectable()
export class RedeliveryOperationRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Operations');
  private readonly batchSize: number;
  private readonly loop = new BackgroundLoop(async () => ((await this.advanceAll()) ? BATCH_INTERVAL_MS : IDLE_LOOK_MS), IDLE_LOOK_MS);

  constructor(
    private readonly commands: CommandBus,
    private readonly operations: OperationsTable,
    config: AppConfig,
  ) {
    this.batchSize = Math.max(1, Math.round((config.bulkRedeliveryPerSecond * BATCH_INTERVAL_MS) / 1000));
  }

  /** When this replica last finished a pass over the running operations (epoch ms; 0: none yet). */
  get lastPassEndedAt(): number {
    return this.loop.lastPassEndedAt;
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One batch of each running operation whose pace allows it; answers whether any operation is running. */
  private async advanceAll(): Promise<boolean> {
    try {
      const running = await this.operations.running(OPERATIONS_AT_ONCE);
      await Promise.all(running.map((id) => this.advance(id)));
      return running.length > 0;
    } catch (error) {
      this.logger.error(`looking for running operations failed: ${String(error)}`);
      return false;
    }
  }

  private async advance(operationId: string): Promise<void> {
    try {
      await this.commands.execute(new AdvanceRedeliveryCommand(operationId, this.batchSize, BATCH_INTERVAL_MS));
    } catch (error) {
      this.logger.error({ operation_id: operationId }, `bulk redelivery batch failed; the next pass tries again: ${String(error)}`);
    }
  }
}
