import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { MetricsRegistry } from './metrics-registry';

/** Times every request, labelled by route template (`/v1/jobs/:id`), not by raw path: a Fastify onRequest hook. */
@Injectable()
export class HttpMetricsHook {
  constructor(private readonly registry: MetricsRegistry) {}

  readonly onRequest = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const stop = this.registry.httpRequestDuration.startTimer();
    // On the raw response: streamed answers take over the socket and skip Fastify's own onResponse.
    reply.raw.once('finish', () => {
      stop({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.raw.statusCode) });
    });
    done();
  };
}
