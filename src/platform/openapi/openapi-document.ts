import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { describeEventFeed } from './event-feed.openapi';

type SecurityScheme = Parameters<DocumentBuilder['addSecurity']>[1];

export interface OpenApiExtras {
  /** OpenAPI 3.1 `webhooks`: the requests the service sends. */
  webhooks: NonNullable<OpenAPIObject['webhooks']>;
  /** Schemas only the webhooks use (no route answers with them), which the route scanner would not find. */
  extraModels: Type[];
  /** Security schemes besides the API key, by name (e.g. the key the service presents to a receiver). */
  securitySchemes?: Record<string, SecurityScheme>;
}

/**
 * One handler served at two paths gets one operationId from its decorator; operation ids must be unique, so the
 * alias path gets its own here.
 */
const ALIAS_OPERATIONS: Record<string, { id: string; of: string }> = { '/health': { id: 'getHealth', of: '/health/ready' } };

/** The document served at /docs and /docs-json: OpenAPI 3.1, for its `webhooks` (Nest writes nullable the 3.1 way). */
export function createOpenApiDocument(app: INestApplication, { webhooks, extraModels, securitySchemes = {} }: OpenApiExtras): OpenAPIObject {
  describeEventFeed();
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Callback Integration Service')
    .setDescription(
      'Jobs, runs and steps with a lifecycle; completion callbacks delivered as signed webhooks (Standard Webhooks), ' +
        'retried for about 28 hours. Every answer carries `x-request-id`; errors are JSON `{statusCode, error, message, field?}`.',
    )
    .setVersion('1')
    // An opaque key from API_KEYS: no bearerFormat, which would claim a token format (Nest's default says JWT).
    .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'One of the keys in API_KEYS, as `Authorization: Bearer <key>` (needed only when API_KEYS is set).' });
  for (const [name, scheme] of Object.entries(securitySchemes)) builder.addSecurity(name, scheme);
  const document = SwaggerModule.createDocument(app, { ...builder.build(), webhooks }, { extraModels });
  for (const [path, { id, of }] of Object.entries(ALIAS_OPERATIONS)) {
    const operation = document.paths[path]?.get;
    if (operation) document.paths[path].get = { ...operation, operationId: id, summary: `${operation.summary} (the same as ${of})` };
  }
  return document;
}
