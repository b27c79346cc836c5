import { Body, Controller, Get, Headers, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { answerIdempotentReplay, IDEMPOTENCY_KEY_DOC } from '../platform/http/idempotent-replay';
import { readIdempotencyKey } from '../platform/http/idempotency-key';
import { sendJsonArrayInChunks } from '../platform/http/chunked-json-array';
import { sendStreamEvents } from '../platform/event-store/send-stream-events';
import { StoredEventResponse } from '../platform/event-store/stored-event.response.dto';
import { CompleteStepCommand } from './commands/complete-step/complete-step.command';
import { CompleteStepRequest } from './commands/complete-step/complete-step.request.dto';
import { CreateStepCommand } from './commands/create-step/create-step.command';
import { CreateStepRequest } from './commands/create-step/create-step.request.dto';
import { GetStepQuery } from './queries/get-step/get-step.query';
import { ListRunStepsQuery } from './queries/list-run-steps/list-run-steps.query';
import { StepResponse } from './step.response.dto';

@ApiTags('steps')
@ApiBearerAuth()
@Controller('v1')
export class StepsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('runs/:runId/steps')
  @ApiCreatedResponse({ type: StepResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async create(
    @Param('runId') runId: string,
    @Body() body: CreateStepRequest,
    @Headers() headers: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StepResponse> {
    const step = await this.commands.execute(new CreateStepCommand(runId, body.metadata, readIdempotencyKey(headers)));
    return StepResponse.from(answerIdempotentReplay(reply, step));
  }

  @Get('runs/:runId/steps')
  @ApiOkResponse({ type: [StepResponse] })
  listForRun(@Param('runId') runId: string, @Res() reply: FastifyReply): Promise<void> {
    const everyStep = { limit: Number.POSITIVE_INFINITY };
    return sendJsonArrayInChunks(reply, everyStep, ({ after, limit }) => this.queries.execute(new ListRunStepsQuery(runId, after, limit)), StepResponse.from);
  }

  @Get('steps/:id')
  @ApiOkResponse({ type: StepResponse })
  async get(@Param('id') id: string): Promise<StepResponse> {
    return StepResponse.from(await this.queries.execute(new GetStepQuery(id)));
  }

  @Patch('steps/:id')
  @ApiOkResponse({ type: StepResponse })
  async complete(@Param('id') id: string, @Body() body: CompleteStepRequest): Promise<StepResponse> {
    return StepResponse.from(await this.commands.execute(new CompleteStepCommand(id, body.status, body.error, body.metrics)));
  }

  @Get('steps/:id/events')
  @ApiOkResponse({ type: [StoredEventResponse] })
  events(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    return sendStreamEvents(reply, this.queries, 'step', id);
  }
}
