import { createWebhookReceiver, type HeaderBag, type WebhookReceiverOptions } from './webhooks.js';
import type { CallbackPayload } from './webhook-payloads.js';

interface ExpressLikeRequest {
  body?: unknown;
  headers: HeaderBag;
}
interface ExpressLikeResponse {
  status(code: number): { json(body: unknown): unknown };
}

/** Express: mount after `express.raw({ type: 'application/json' })`, which leaves the raw bytes in `req.body`. */
export function expressWebhookHandler<Payload = CallbackPayload>(options: WebhookReceiverOptions<Payload>) {
  const receive = createWebhookReceiver(options);
  return async (request: ExpressLikeRequest, response: ExpressLikeResponse, next: (error?: unknown) => void): Promise<void> => {
    try {
      const answer = await receive(Buffer.isBuffer(request.body) || typeof request.body === 'string' ? request.body : undefined, request.headers);
      response.status(answer.status).json(answer.body);
    } catch (error) {
      next(error);
    }
  };
}

interface FastifyLike {
  register(plugin: (instance: FastifyLike, options: unknown) => Promise<void>): unknown;
  addContentTypeParser(type: string, options: { parseAs: 'buffer' }, parser: (request: unknown, body: Buffer, done: (error: Error | null, body?: Buffer) => void) => void): void;
  post(path: string, handler: (request: { body: unknown; headers: HeaderBag }, reply: { code(status: number): { send(body: unknown): unknown } }) => Promise<unknown>): unknown;
}

/** Fastify: registers POST `path` in its own scope, with a raw-body JSON parser that touches no other route. */
export function registerFastifyWebhook<Payload = CallbackPayload>(app: FastifyLike, path: string, options: WebhookReceiverOptions<Payload>): void {
  const receive = createWebhookReceiver(options);
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(path, async (request, reply) => {
      const answer = await receive(Buffer.isBuffer(request.body) ? request.body : undefined, request.headers);
      return reply.code(answer.status).send(answer.body);
    });
  });
}

/**
 * Nest: the body of a handler for callbacks. Create the app with `{ rawBody: true }` (Nest then keeps `req.rawBody`),
 * and call `handle(request, response)` from a `@Post()` handler that takes `@Req()` and `@Res()`.
 */
export function nestWebhookHandler<Payload = CallbackPayload>(options: WebhookReceiverOptions<Payload>) {
  const receive = createWebhookReceiver(options);
  return {
    async handle(request: { rawBody?: Buffer; headers: HeaderBag }, response: ExpressLikeResponse): Promise<void> {
      const answer = await receive(request.rawBody, request.headers);
      response.status(answer.status).json(answer.body);
    },
  };
}
