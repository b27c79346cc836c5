export class GetStreamEventsQuery {
  constructor(
    readonly streamType: 'job' | 'run' | 'step',
    readonly streamId: string,
  ) {}
}
