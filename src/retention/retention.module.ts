import { Module } from '@nestjs/common';
import { MetricsModule } from '../platform/metrics/metrics.module';
import { HistoryPurger } from './history-purger';
import { PurgeTransactions } from './persistence/purge-transactions';

/** Retention: finished history and response bodies purged once they are older than configured, each purge on the log. */
@Module({
  imports: [MetricsModule],
  providers: [PurgeTransactions, HistoryPurger],
  exports: [HistoryPurger],
})
export class RetentionModule {}
