export class RotateEndpointSecretCommand {
  constructor(
    readonly endpointId: string,
    /** Given by the owner; undefined: generated. */
    readonly secret: string | undefined,
  ) {}
}
