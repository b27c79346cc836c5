export class GetDeliveryQuery {
  constructor(readonly deliveryId: string) {}
}
