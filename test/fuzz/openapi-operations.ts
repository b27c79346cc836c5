/** One operation of the OpenAPI document the app serves, reduced to what the fuzzer needs to aim at it. */
export interface FuzzOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** As in the document: `/v1/jobs/{id}`. */
  path: string;
  pathParams: string[];
  query: QueryParameter[];
  /** The request body's top-level properties; undefined when the operation takes no body. */
  body?: BodyProperty[];
}

export interface QueryParameter {
  name: string;
  enum?: string[];
}

export interface BodyProperty {
  name: string;
  type?: string;
  enum?: string[];
}

interface Schema {
  $ref?: string;
  type?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = new Set(['get', 'post', 'patch', 'put', 'delete']);

/** Every operation in the document, so a route added later is fuzzed without anyone listing it here. */
export function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  const operations: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = operation.parameters ?? [];
      const bodySchema = resolve(Object.values(operation.requestBody?.content ?? {})[0]?.schema);
      operations.push({
        method: method.toUpperCase() as FuzzOperation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, enum: resolve(p.schema)?.enum })),
        body:
          bodySchema || method !== 'get'
            ? Object.entries(bodySchema?.properties ?? {}).map(([name, schema]) => ({ name, type: resolve(schema)?.type, enum: resolve(schema)?.enum }))
            : undefined,
      });
    }
  }
  return operations;
}

export function describeOperation(operation: FuzzOperation): string {
  return `${operation.method} ${operation.path}`;
}
