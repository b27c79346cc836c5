import fc from 'fast-check';
import { costlyShapeText, hostileKey, hostileString, jsonObjectText, jsonText, malformedText, numberText } from './hostile-json';
import type { BodyProperty, FuzzOperation } from './openapi-operations';

/** One generated HTTP request: method, path with its ids and query already encoded, and the raw body. */
export interface RouteRequest {
  operation: string;
  method: string;
  path: string;
  contentType?: string;
  body?: string;
}

/**
 * Entities each run starts with, so some requests aim at real ones instead of unknown ids. A generated request
 * names them by placeholder: each run creates them afresh, and a replayed case meets the same state.
 */
export interface FuzzTargets {
  /** How many entities each run creates. */
  count: number;
  /** A receiver that holds every request: a valid callback_url leads there and never writes an attempt. */
  callbackOrigin: string;
}

/** Percent-encodes every UTF-16 unit; a lone surrogate becomes its 3 raw bytes (invalid UTF-8), as a hostile client could send. */
export function encodeComponent(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const chars = pair ? text.slice(i, ++i + 1) : text[i];
    if (/^[A-Za-z0-9\-_.~]$/.test(chars)) out += chars;
    else if (!pair && unit >= 0xd800 && unit <= 0xdfff) out += percent([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]);
    else out += percent([...Buffer.from(chars, 'utf8')]);
  }
  return out;
}

const targetPlaceholder = (index: number) => `@@target${index}@@`;

/** The request with its placeholders replaced by the ids this run created. */
export function withTargets(req: RouteRequest, ids: string[]): RouteRequest {
  return { ...req, path: req.path.replace(/@@target(\d+)@@/g, (_, index: string) => ids[Number(index)]) };
}

const percent = (bytes: number[]) => bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** Values for a query parameter or a path id, already encoded. */
function encodedValue(targets: FuzzTargets, enumValues: string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    ...(enumValues.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...enumValues) }] : []),
    { weight: 3, arbitrary: fc.nat({ max: targets.count - 1 }).map(targetPlaceholder) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('job-', 'run-', 'step-', 'dlv-', ''), fc.uuid()).map(([prefix, id]) => prefix + id) },
    { weight: 2, arbitrary: numberText.map(encodeComponent) },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => encodeComponent(d.toISOString())) },
    { weight: 3, arbitrary: hostileString.map(encodeComponent) },
    { weight: 2, arbitrary: fc.constantFrom('', '%', '%zz', '%FF', '%00', '%C0%80', '%ED%A0%80', '%2F', '..', '%2E%2E', 'a%00b', '+', '%20') },
  );
}

function queryString(operation: FuzzOperation, targets: FuzzTargets): fc.Arbitrary<string> {
  const declared = operation.query.map((param) => fc.tuple(fc.constant(param.name), encodedValue(targets, param.enum)));
  const unknown = fc.tuple(fc.oneof(hostileKey.map(encodeComponent), fc.constantFrom('__proto__', 'constructor', 'status[]', 'limit[a]')), encodedValue(targets));
  const pair = declared.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.oneof(...declared) }, { weight: 1, arbitrary: unknown }) : unknown;
  return fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));
}

function propertyValue(property: BodyProperty, targets: FuzzTargets): fc.Arbitrary<string> {
  const plausible: fc.Arbitrary<string>[] = [];
  if (property.enum) plausible.push(fc.constantFrom(...property.enum).map((v) => JSON.stringify(v)));
  if (property.name.endsWith('_url')) plausible.push(callbackUrl(targets).map((url) => JSON.stringify(url)));
  if (property.type === 'object') plausible.push(jsonObjectText);
  if (property.type === 'string') plausible.push(hostileString.map((s) => JSON.stringify(s)));
  return plausible.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...plausible) }, { weight: 1, arbitrary: jsonText }) : jsonText;
}

/** Valid URLs lead only to the holding receiver; the rest are forms the README says are refused. */
function callbackUrl(targets: FuzzTargets): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(`${targets.callbackOrigin}/hook`),
    hostileString.map((suffix) => `${targets.callbackOrigin}/hook${suffix}`),
    fc.constantFrom(
      'http://127.0.0.1:0/hook', 'http://user:secret@127.0.0.1/hook', ' http://127.0.0.1/hook', 'ftp://127.0.0.1/hook', '/relative',
      'http://127.0.0.1/a b', 'http://127.0.0.1/\u0000', 'javascript:alert(1)', 'http://', `http://127.0.0.1/${'a'.repeat(2100)}`,
    ),
  );
}

function bodyText(operation: FuzzOperation, targets: FuzzTargets): fc.Arbitrary<string> {
  const properties = operation.body ?? [];
  const entry = fc.oneof(
    ...(properties.length > 0 ? [{ weight: 4, arbitrary: fc.oneof(...properties.map((p) => fc.tuple(fc.constant(p.name), propertyValue(p, targets)))) }] : []),
    { weight: 1, arbitrary: fc.tuple(hostileKey, jsonText) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(entry, { maxLength: 4 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`) },
    { weight: 2, arbitrary: jsonText },
    { weight: 1, arbitrary: costlyShapeText },
    { weight: 1, arbitrary: malformedText },
  );
}

const CONTENT_TYPES = ['application/json; charset=utf-8', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx'];

export function routeRequest(operation: FuzzOperation, targets: FuzzTargets): fc.Arbitrary<RouteRequest> {
  const name = `${operation.method} ${operation.path}`;
  const ids = fc.tuple(...operation.pathParams.map(() => encodedValue(targets)));
  const sendsBody = operation.body !== undefined;
  const body = sendsBody ? fc.option(bodyText(operation, targets), { freq: 8, nil: undefined }) : fc.constant(undefined);
  const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constant(undefined) });
  return fc.record({ ids, query: queryString(operation, targets), body, contentType }).map(({ ids: values, query, body: text, contentType: type }) => {
    let path = operation.path;
    operation.pathParams.forEach((param, i) => (path = path.replace(`{${param}}`, values[i])));
    const generated: RouteRequest = { operation: name, method: operation.method, path: path + query, ...(text !== undefined ? { body: text, contentType: type } : {}) };
    return Object.defineProperty(generated, fc.toStringMethod, { value: () => describeRequest(generated) });
  });
}

/** Counterexamples are printed: a 250 KB body is shown by its start and its length. */
export function describeRequest(req: RouteRequest): string {
  const body = req.body === undefined ? '' : ` [${req.contentType ?? 'no content-type'}] ${JSON.stringify(req.body.length > 300 ? `${req.body.slice(0, 200)}…` : req.body)} (${req.body.length} chars)`;
  return `${req.method} ${req.path.length > 300 ? `${req.path.slice(0, 300)}… (${req.path.length} chars)` : req.path}${body}`;
}
