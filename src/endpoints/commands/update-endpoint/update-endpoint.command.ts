import type { UpdateEndpointRequest } from './update-endpoint.request.dto';

export class UpdateEndpointCommand {
  constructor(
    readonly endpointId: string,
    readonly request: UpdateEndpointRequest,
  ) {}
}
