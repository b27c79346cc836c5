export class DeleteEndpointCommand {
  constructor(readonly endpointId: string) {}
}
