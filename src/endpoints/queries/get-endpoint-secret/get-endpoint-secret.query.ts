export class GetEndpointSecretQuery {
  constructor(readonly endpointId: string) {}
}
