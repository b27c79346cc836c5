export class GetEndpointQuery {
  constructor(readonly endpointId: string) {}
}
