export class RedeliverCommand {
  constructor(readonly deliveryId: string) {}
}
