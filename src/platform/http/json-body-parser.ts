import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { assertJsonShape, JsonShapeError } from './json-shape-limits';

/** A valid body is at most 64 KiB of metadata plus a URL and a few fields; the rest is headroom for formatting. */
export const MAX_BODY_BYTES = 256 * 1024;
/** What a body over the limit is answered with, whichever layer refused it. */
export const BODY_TOO_LARGE = `the body is larger than ${MAX_BODY_BYTES / 1024} KiB`;
/** What a body of another type is answered with, whichever layer refused it. */
export const CONTENT_TYPE_REQUIRED = 'content-type must be application/json';
/** application/json and its structured-syntax relatives (application/merge-patch+json, …). */
export const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Request bodies: JSON only, at most MAX_BODY_BYTES, an object at the top, and the shape limits
 * checked on the raw bytes before anything is parsed. Every refusal names the field `body`.
 */
export function useJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, raw, done) => {
    try {
      done(null, parseJsonBody(raw as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    assertJsonShape(raw);
  } catch (error) {
    if (error instanceof JsonShapeError) throw new BadRequestException({ message: error.message, field: 'body' });
    throw error;
  }
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestException({ message: `the body is not valid JSON: ${(error as Error).message}`, field: 'body' });
  }
}
