import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { CLIENT_METHODS } from '../../client/src/client-methods';
import { openApiToTypeScript, type OpenApiDocument } from '../support/openapi-to-typescript';
import { startTestApp, type TestApp } from '../support/test-app';

const GENERATED = resolve('client/src/generated/api.ts');

describe('the client and the OpenAPI document cannot drift apart', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp();
    document = (await request(t.http).get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it("the client's declarations are exactly what the running service's document generates", () => {
    const generated = openApiToTypeScript(document);
    if (process.env.UPDATE_CLIENT_TYPES === '1') writeFileSync(GENERATED, generated);
    expect(readFileSync(GENERATED, 'utf8')).toBe(generated);
  });

  it('every /v1 operation has one client method, and every client method one operation', () => {
    const documented = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    const v1 = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1'))
      .flatMap(([, methods]) => Object.values(methods).map((operation) => operation.operationId))
      .sort();
    expect(Object.values(CLIENT_METHODS).sort()).toEqual(v1);
    expect(documented.length).toBeGreaterThan(v1.length); // health is documented too, and not the client's
  });
});
