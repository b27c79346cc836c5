import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Every request's id: the caller's X-Request-Id when it sends a sane one, else a fresh UUID (Fastify's genReqId). */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
}

/** Echoes the id in the response, and in the request's header for the request logger. */
export function exposeRequestId(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  request.raw.headers['x-request-id'] = request.id;
  reply.raw.setHeader('x-request-id', request.id);
  done();
}
