import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError, DomainErrorCode } from '../domain/domain-error';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid_input: HttpStatus.BAD_REQUEST,
};

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  request_id?: string;
}

/** The one mapping from errors to HTTP answers. Unexpected errors become a 500 without internals. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      response.status(exception.getStatus()).json(exception.getResponse()); // terminus's own report, unchanged
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // A unit of work commits in one statement: it either committed or not, and a repeated status change is idempotent.
      this.logger.warn(`${request.method} ${request.path}: database unavailable: ${(exception as Error).message}`);
      response.status(503).setHeader('retry-after', '1').json(this.body(503, 'the database is unavailable; retry shortly'));
      return;
    }
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error(`${request.method} ${request.path} failed [${body.request_id}]: ${errorText(exception)}`);
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ApiErrorBody {
    if (exception instanceof DomainError) {
      return this.body(STATUS_BY_CODE[exception.code], exception.message, exception.field);
    }
    if (exception instanceof HttpException) {
      const answer = exception.getResponse();
      const detail = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
      const message = Array.isArray(detail.message) ? detail.message.join('; ') : String(detail.message ?? answer);
      return this.body(exception.getStatus(), message, isBodyParserError(exception.cause) ? 'body' : (detail.field as string | undefined));
    }
    return { ...this.body(500, 'internal error'), request_id: String(request.headers['x-request-id'] ?? '') };
  }

  private body(statusCode: number, message: string, field?: string): ApiErrorBody {
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(field ? { field } : {}) };
  }
}

function isHealthReport(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && 'status' in answer && 'details' in answer;
}

/** body-parser's errors (413 too large, 400 malformed JSON) carry a `type` such as "entity.too.large". */
function isBodyParserError(cause: unknown): boolean {
  return typeof (cause as { type?: unknown } | undefined)?.type === 'string';
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
