export class GetEndpointHealthQuery {
  constructor(
    readonly endpointId: string,
    /** The window the rates and durations cover. */
    readonly minutes: number,
  ) {}
}
