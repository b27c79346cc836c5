import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DeliveryBacklog } from '../../persistence/deliveries.table';
import { DeliveriesTable } from '../../persistence/deliveries.table';
import { DeliveryStatsRepository, type DestinationStats, type MinuteStats } from '../../persistence/delivery-stats.repository';
import { GetDeliveryStatsQuery } from './get-delivery-stats.query';

export interface DeliveryStats {
  since: Date;
  minutes: MinuteStats[];
  destinations: DestinationStats[];
  backlog: DeliveryBacklog;
}

@QueryHandler(GetDeliveryStatsQuery)
export class GetDeliveryStatsHandler implements IQueryHandler<GetDeliveryStatsQuery, DeliveryStats> {
  constructor(
    private readonly stats: DeliveryStatsRepository,
    private readonly deliveries: DeliveriesTable,
  ) {}

  async execute({ minutes }: GetDeliveryStatsQuery): Promise<DeliveryStats> {
    const now = Date.now();
    const since = new Date(now - (now % 60_000) - (minutes - 1) * 60_000); // whole minutes, the current one last
    const [perMinute, destinations, backlog] = await Promise.all([this.stats.perMinute(since), this.stats.perDestination(since), this.deliveries.backlog()]);
    return { since, minutes: perMinute, destinations, backlog };
  }
}
