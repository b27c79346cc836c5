import { ApiProperty } from '@nestjs/swagger';

/** The body POSTed to STEP_COMPLETE_WEBHOOK when any step finishes (documentation of completion-delivery.ts). */
export class StepCallbackPayload {
  @ApiProperty({ example: 'step-5d1c0a7e-2b9f-4f0e-8a55-7e4b8a1c9e21', description: 'Read the step (GET /v1/steps/{id}) for its status.' })
  step_id: string;
}
