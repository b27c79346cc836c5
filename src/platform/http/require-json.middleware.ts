import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_TYPE_REQUIRED, JSON_TYPE } from './json-body-parser';
import { carriesBody } from './request-body-admission';

/** A request that carries a body must say it is JSON; anything else would be ignored, not read. */
export function requireJson(request: IncomingMessage, _response: ServerResponse, next: (error?: unknown) => void): void {
  if (carriesBody(request.headers) && !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    next(new UnsupportedMediaTypeException({ message: CONTENT_TYPE_REQUIRED, field: 'content-type' }));
    return;
  }
  next();
}
