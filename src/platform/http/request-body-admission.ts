import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { API_KEY_REQUIRED, bearerMatches } from './bearer-token';

export interface BodyAdmissionLimits {
  /** Digests of the accepted API keys; empty when the API is open. */
  keyDigests: readonly Buffer[];
  /** How long a request may take to send its whole body. */
  bodyTimeoutMs: number;
  /** Request body bytes this process holds at once, across all requests. */
  maxBufferedBytes: number;
}

/** A request that sends a body: a Content-Length above zero, or a chunked one. */
export function carriesBody(headers: FastifyRequest['headers']): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** Fastify reads no body for these, whatever the headers say: nothing would consume an admitted body. */
const BODILESS_METHODS = new Set(['GET', 'HEAD']);

function refusal(status: number, message: string): HttpException {
  const error = new HttpException({ message, field: 'body' }, status);
  // Fastify keeps a stream error's own status; without one it would answer 400.
  return Object.assign(error, { statusCode: status });
}

/**
 * Bytes of request bodies held by this process. Each request gives back what it took when its response is over
 * (sent, or the connection gone), so the total is what is buffered right now.
 */
class BufferedBodyBytes {
  private held = 0;
  constructor(private readonly limit: number) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  giveBack(bytes: number): void {
    this.held -= bytes;
  }
}

/** A request body passed through on its way to the parser, counted against the budget, cut at its deadline. */
class AdmittedBody extends Transform {
  /** Fastify compares it with Content-Length and the body limit. */
  receivedEncodedLength = 0;
  private readonly deadline: NodeJS.Timeout;

  constructor(
    private readonly budget: BufferedBodyBytes,
    private readonly reply: FastifyReply,
    timeoutMs: number,
  ) {
    super();
    this.deadline = setTimeout(() => {
      this.destroy(refusal(HttpStatus.REQUEST_TIMEOUT, `the body was not received within ${timeoutMs} ms`));
    }, timeoutMs);
    // Whatever ends the exchange (response sent, client gone) gives the bytes back.
    reply.raw.once('close', () => {
      clearTimeout(this.deadline);
      budget.giveBack(this.receivedEncodedLength);
    });
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, next: TransformCallback): void {
    if (!this.budget.take(chunk.length)) {
      this.reply.header('retry-after', '1');
      next(refusal(HttpStatus.SERVICE_UNAVAILABLE, 'the service is receiving too many request bodies at once; retry shortly'));
      return;
    }
    this.receivedEncodedLength += chunk.length;
    next(null, chunk);
  }

  _flush(done: TransformCallback): void {
    clearTimeout(this.deadline);
    done();
  }

  _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.deadline);
    done(error);
  }
}

/**
 * Memory a client without a key cannot pin: a request that carries a body is refused before any of it is read
 * unless it presents a valid API key (every route that takes a body needs one; the public routes take none);
 * a body must arrive within `bodyTimeoutMs`; and the bodies held by the process at once are capped
 * (503 + Retry-After past it). The per-route guard still decides everything else.
 */
export function admitRequestBodies(fastify: FastifyInstance, limits: BodyAdmissionLimits): void {
  const budget = new BufferedBodyBytes(limits.maxBufferedBytes);
  fastify.addHook('onRequest', (request, reply, done) => {
    const readsBody = carriesBody(request.headers) && !BODILESS_METHODS.has(request.method);
    if (limits.keyDigests.length === 0 || !readsBody || bearerMatches(request.headers.authorization, limits.keyDigests)) {
      done();
      return;
    }
    // Answered now, the body unread; closing the connection keeps the client from sending it anyway.
    reply
      .code(HttpStatus.UNAUTHORIZED)
      .header('connection', 'close')
      .send({ statusCode: 401, error: STATUS_CODES[401], message: API_KEY_REQUIRED, field: 'authorization' });
  });
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    if (!carriesBody(request.headers) || BODILESS_METHODS.has(request.method)) {
      done(null, payload);
      return;
    }
    const admitted = new AdmittedBody(budget, reply, limits.bodyTimeoutMs);
    // Fastify listens for the body's errors only while it reads it; a refusal it made from the headers alone (413)
    // leaves nobody listening, and an unheard stream error would end the process.
    admitted.on('error', () => undefined);
    payload.pipe(admitted);
    payload.once('error', (error) => admitted.destroy(error));
    done(null, admitted);
  });
}
