import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError, DomainErrorCode, HistoryPurgedError } from '../domain/domain-error';
import { BODY_TOO_LARGE, CONTENT_TYPE_REQUIRED } from './json-body-parser';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid_input: HttpStatus.BAD_REQUEST,
  // The service's own stored data is at fault, not the request; repeating it will not help.
  unreadable_event: HttpStatus.INTERNAL_SERVER_ERROR,
  history_purged: HttpStatus.GONE,
};

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  /** Set for errors a client may want to tell apart by more than the status (`unreadable_event`, `history_purged`). */
  code?: string;
  /** On `history_purged`: the sequence after which the feed is whole (decimal digits, as feed sequences are). */
  history_starts_after?: string;
  request_id?: string;
}

/** The one mapping from errors to HTTP answers. Unexpected errors become a 500 without internals. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      response.status(exception.getStatus()).send(exception.getResponse()); // terminus's own report, unchanged
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // A unit of work commits in one statement: it either committed or not, and a repeated status change is idempotent.
      this.logger.warn(`${request.method} ${pathOf(request)}: database unavailable: ${(exception as Error).message}`);
      response.status(503).header('retry-after', '1').send(this.body(503, 'the database is unavailable; retry shortly'));
      return;
    }
    const body = this.toBody(exception, request);
    // A deliberate refusal (an HttpException: busy, over a limit) is the request log's to report; an error with its
    // stack is kept for what nobody meant to happen.
    if (body.statusCode >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(`${request.method} ${pathOf(request)} failed [${body.request_id}]: ${errorText(exception)}`);
    }
    response.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ApiErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_CODE[exception.code];
      const body = this.body(statusCode, exception.message, exception.field);
      if (exception instanceof HistoryPurgedError) return { ...body, code: exception.code, history_starts_after: exception.historyStartsAfter };
      return statusCode >= 500 ? { ...body, code: exception.code, request_id: String(request.headers['x-request-id'] ?? '') } : body;
    }
    if (exception instanceof HttpException) {
      // Fastify refuses a body over its limit before any route runs; Nest hands that over as a bare 413.
      if (exception.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) return this.body(HttpStatus.PAYLOAD_TOO_LARGE, BODY_TOO_LARGE, 'body');
      // Fastify refuses a content type it has no parser for (even with an empty body) with a bare 415 too.
      if (exception.getStatus() === HttpStatus.UNSUPPORTED_MEDIA_TYPE) return this.body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, CONTENT_TYPE_REQUIRED, 'content-type');
      const answer = exception.getResponse();
      const detail = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
      const message = Array.isArray(detail.message) ? detail.message.join('; ') : String(detail.message ?? answer);
      return this.body(exception.getStatus(), message, detail.field as string | undefined);
    }
    return { ...this.body(500, 'internal error'), request_id: String(request.headers['x-request-id'] ?? '') };
  }

  private body(statusCode: number, message: string, field?: string): ApiErrorBody {
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(field !== undefined ? { field } : {}) };
  }
}

function isHealthReport(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && 'status' in answer && 'details' in answer;
}

/** The path without its query string (which may carry anything a client sent). */
function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0];
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
