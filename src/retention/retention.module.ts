import { Module } from '@nestjs/common';
import { HistoryPurger } from './history-purger';
import { PurgeTransactions } from './persistence/purge-transactions';

/** Retention: finished history and response bodies purged once they are older than configured, each purge on the log. */
@Module({
  providers: [PurgeTransactions, HistoryPurger],
  exports: [HistoryPurger],
})
export class RetentionModule {}
