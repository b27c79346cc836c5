import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiErrorResponse } from './api-error.response.dto';
import { ERROR_MEANINGS, EVERY_V1_OPERATION, type ErrorStatus } from './operation-errors';

export interface OperationDescription {
  /** The stable operationId: what generated clients name the call. Never derived from class or method names. */
  id: string;
  summary: string;
  description: string;
  /** Error statuses beyond 401 and 503 (which every /v1 operation can answer), optionally with a meaning of their own. */
  errors?: (ErrorStatus | [ErrorStatus, string])[];
}

const REQUEST_ID_HEADER = { 'x-request-id': { description: 'The id of this request (the one sent, or a generated one): quote it to support.', schema: { type: 'string' } } };
const RETRY_AFTER_HEADER = { 'retry-after': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };

// Errors are JSON even where the success answer is not (the event stream).
const ERROR_CONTENT = { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorResponse) } } };

/** One operation's documentation: id, summary, description, and every error it can answer with the error body. */
export function DescribeOperation({ id, summary, description, errors = [] }: OperationDescription): MethodDecorator {
  const statuses = new Map<ErrorStatus, string>([...EVERY_V1_OPERATION, ...errors].map((entry) => (Array.isArray(entry) ? entry : [entry, ERROR_MEANINGS[entry]])));
  const responses = [...statuses].sort(([a], [b]) => a - b).map(([status, meaning]) =>
    ApiResponse({ status, description: meaning, content: ERROR_CONTENT, headers: status === 503 ? { ...REQUEST_ID_HEADER, ...RETRY_AFTER_HEADER } : REQUEST_ID_HEADER }),
  );
  return applyDecorators(ApiOperation({ operationId: id, summary, description }), ApiExtraModels(ApiErrorResponse), ...responses);
}
