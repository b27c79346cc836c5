export class GetStepQuery {
  constructor(readonly stepId: string) {}
}
