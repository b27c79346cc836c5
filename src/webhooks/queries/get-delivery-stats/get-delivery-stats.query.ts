export class GetDeliveryStatsQuery {
  constructor(readonly minutes: number) {}
}
