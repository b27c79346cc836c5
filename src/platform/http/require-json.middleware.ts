import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** A request that carries a body must say it is JSON; anything else would be ignored, not read. */
export function requireJson(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    next(new UnsupportedMediaTypeException({ message: 'content-type must be application/json', field: 'content-type' }));
    return;
  }
  next();
}
