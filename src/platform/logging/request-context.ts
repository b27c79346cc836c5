import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Log lines written while a request is handled carry its `request_id` through an async context that the
 * logging middleware opens. Fastify reads a request's body in the socket's callbacks, outside that context,
 * and would run the handler there: this captures the context before the body is read and runs the handler
 * (and whatever it starts, such as the delivery after the commit) back inside it.
 */
export function keepRequestContext(fastify: FastifyInstance): void {
  const contexts = new WeakMap<FastifyRequest, AsyncResource>();
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    contexts.set(request, new AsyncResource('http-request'));
    done(null, payload);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const context = contexts.get(request);
    if (context) context.runInAsyncScope(done);
    else done();
  });
}
