/**
 * Turns the service's OpenAPI document into the client's TypeScript declarations: one interface per schema, and
 * per operation (by operationId) its method, path, path and query parameters, body and answer. The client is
 * written against this output, and test/client/openapi-drift.e2e-spec.ts fails when it differs from what the
 * running service's document gives.
 */

interface Schema {
  $ref?: string;
  /** OpenAPI 3.1 (JSON Schema): a nullable value is `[type, 'null']`. */
  type?: string | string[];
  format?: string;
  enum?: (string | number | null)[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  description?: string;
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  /** What the service sends: each webhook's name and request. */
  webhooks?: Record<string, { post: { summary?: string; requestBody: { content: Record<string, { schema: Schema }> } } }>;
  components: { schemas: Record<string, Schema> };
}

function typeOf(schema: Schema, indent: string): string {
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((name) => name !== 'null');
    const nullable = types.length < schema.type.length;
    const inner = types.map((name) => typeOf({ ...schema, type: name, enum: schema.enum?.filter((value) => value !== null) }, indent)).join(' | ');
    return nullable ? `${wrap(inner)} | null` : inner;
  }
  let type: string;
  if (schema.$ref) type = schema.$ref.replace('#/components/schemas/', '');
  else if (schema.enum) type = schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  else if (schema.type === 'array') type = `${wrap(typeOf(schema.items ?? {}, indent))}[]`;
  else if (schema.type === 'string') type = 'string';
  else if (schema.type === 'number' || schema.type === 'integer') type = 'number';
  else if (schema.type === 'boolean') type = 'boolean';
  else if (schema.properties) type = objectType(schema, indent);
  else if (schema.type === 'object' && typeof schema.additionalProperties === 'object') type = `Record<string, ${typeOf(schema.additionalProperties, indent)}>`;
  else if (schema.type === 'object') type = 'Record<string, unknown>';
  else type = 'unknown';
  return type;
}

function wrap(type: string): string {
  return type.includes('|') ? `(${type})` : type;
}

function objectType(schema: Schema, indent: string): string {
  const inner = `${indent}  `;
  const lines = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const optional = schema.required?.includes(name) ? '' : '?';
    const doc = property.description ? `${inner}/** ${property.description.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ')} */\n` : '';
    return `${doc}${inner}${/^[a-z_][a-z0-9_]*$/i.test(name) ? name : JSON.stringify(name)}${optional}: ${typeOf(property, inner)};`;
  });
  return lines.length === 0 ? 'Record<string, never>' : `{\n${lines.join('\n')}\n${indent}}`;
}

function parametersType(parameters: Parameter[], where: 'query' | 'path'): string {
  const chosen = parameters.filter((parameter) => parameter.in === where);
  if (chosen.length === 0) return 'never';
  return objectType(
    { properties: Object.fromEntries(chosen.map((p) => [p.name, p.schema])), required: chosen.filter((p) => p.required || where === 'path').map((p) => p.name) },
    '    ',
  );
}

export function openApiToTypeScript(document: OpenApiDocument, pathPrefix = '/v1'): string {
  const out: string[] = [
    '// Generated from the service\'s OpenAPI document by test/support/openapi-to-typescript.ts: do not edit by hand.',
    '// Regenerate with `UPDATE_CLIENT_TYPES=1 npm test -- test/client/openapi-drift` after changing the API.',
    '/* eslint-disable */',
    '',
  ];
  for (const [name, schema] of Object.entries(document.components.schemas).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`export type ${name} = ${typeOf(schema, '')};`, '');
  }
  const operations: string[] = [];
  const routes: string[] = [];
  const entries = Object.entries(document.paths)
    .filter(([path]) => path.startsWith(pathPrefix))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })))
    .sort((a, b) => a.operation.operationId.localeCompare(b.operation.operationId));
  for (const { path, method, operation } of entries) {
    const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
    const json = success?.[1].content?.['application/json']?.schema;
    const body = operation.requestBody?.content['application/json']?.schema;
    operations.push(
      `  ${operation.operationId}: {`,
      `    method: '${method}';`,
      `    path: '${path}';`,
      `    status: ${success ? Number(success[0]) : 200};`,
      `    pathParams: ${parametersType(operation.parameters ?? [], 'path')};`,
      `    query: ${parametersType(operation.parameters ?? [], 'query')};`,
      `    body: ${body ? typeOf(body, '    ') : 'never'};`,
      `    response: ${json ? typeOf(json, '    ') : 'string'};`,
      '  };',
    );
    routes.push(`  ${operation.operationId}: { method: '${method}', path: '${path}' },`);
  }
  out.push('export interface Operations {', ...operations, '}', '');
  out.push('/** Every operation\'s method and path template, as the document gives them. */');
  out.push('export const OPERATIONS = {', ...routes, '} as const;', '');
  out.push('export type OperationId = keyof Operations;', '');
  const webhooks = Object.entries(document.webhooks ?? {}).sort(([a], [b]) => a.localeCompare(b));
  out.push('/** The body of each webhook the service sends, by the name the document gives it. */', 'export interface WebhookPayloads {');
  for (const [name, { post }] of webhooks) {
    out.push(...(post.summary ? [`  /** ${post.summary} */`] : []), `  ${name}: ${typeOf(post.requestBody.content['application/json'].schema, '  ')};`);
  }
  out.push('}', '');
  return out.join('\n');
}
