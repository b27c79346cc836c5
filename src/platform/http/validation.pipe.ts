import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { freeFormPropertiesOf, isMetadataValue, metadataMessage } from './is-metadata.validator';
import { MAX_JSON_DEPTH } from './json-shape-limits';

const PROTOTYPE_KEYS = ['__proto__', 'prototype', 'constructor'];

/**
 * Nest's ValidationPipe, with free-form JSON (metadata) kept exactly as parsed. Nest deletes `__proto__`,
 * `prototype` and `constructor` keys at every depth and class-transformer drops keys named like
 * Object.prototype members, which silently lost such metadata keys. Here free-form values are validated on
 * their own and put back untouched; only the request's own top level is stripped. Such keys are safe in data:
 * JSON.parse makes them own properties, and metadata is only copied with spread and JSON, never assigned
 * key by key onto an existing object.
 */
class FreeFormPreservingValidationPipe extends ValidationPipe {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    refuseUnknownTopLevelFields(value, metadata);
    const freeForm = freeFormPropertiesOf(metadata.metatype);
    if (freeForm.length === 0 || typeof value !== 'object' || value === null) return super.transform(value, metadata);
    const held = new Map<string, unknown>();
    const body = value as Record<string, unknown>;
    for (const property of freeForm) {
      if (!Object.prototype.hasOwnProperty.call(body, property) || body[property] === undefined) continue;
      if (!isMetadataValue(body[property])) throw new BadRequestException({ message: metadataMessage(property), field: property });
      held.set(property, body[property]);
      body[property] = {}; // a stand-in the DTO's own decorators accept
    }
    const dto = (await super.transform(body, metadata)) as Record<string, unknown>;
    for (const [property, original] of held) dto[property] = original;
    return dto;
  }

  /**
   * At every depth of what class-transformer walks: a `constructor` key inside any other field (e.g.
   * `{"callback_url": [{"constructor": 1}]}`) made it throw, a 500. Free-form values are held aside by then.
   */
  protected stripProtoKeys(value: unknown, depth = 0): void {
    if (typeof value !== 'object' || value === null || depth > MAX_JSON_DEPTH) return;
    for (const key of PROTOTYPE_KEYS) {
      if (Object.prototype.hasOwnProperty.call(value, key)) delete (value as Record<string, unknown>)[key];
    }
    for (const child of Object.values(value)) this.stripProtoKeys(child, depth + 1);
  }
}

/**
 * An unknown top-level field is refused before class-transformer copies its value: a large object under a name the
 * DTO does not have (say, 70 KB of `metadata` sent to a route without it) cost 50–150 ms of blocked event loop while
 * being copied only to be refused. Same answer as forbidNonWhitelisted gives.
 */
function refuseUnknownTopLevelFields(value: unknown, { metatype }: ArgumentMetadata): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof metatype !== 'function') return;
  const declared = declaredFieldsOf(metatype);
  if (declared.size === 0) return; // not a validated DTO: the pipe decides as before
  const unknown = Object.keys(value).find((key) => !declared.has(key) && !PROTOTYPE_KEYS.includes(key));
  if (unknown !== undefined) throw new BadRequestException({ message: `property ${unknown} should not exist`, field: unknown });
}

/** Each DTO's validated fields, read once: looking them up walks every class's rules, on every request. */
const declaredFields = new WeakMap<object, ReadonlySet<string>>();

function declaredFieldsOf(metatype: object): ReadonlySet<string> {
  let declared = declaredFields.get(metatype);
  if (!declared) {
    declared = new Set(getMetadataStorage().getTargetValidationMetadatas(metatype as new () => unknown, '', true, false).map((rule) => rule.propertyName));
    declaredFields.set(metatype, declared);
  }
  return declared;
}

/** Rejects unknown fields and answers the first problem, naming its field (e.g. `metadata.owner`). */
export function createValidationPipe(): ValidationPipe {
  return new FreeFormPreservingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = errors.flatMap((error) => flatten(error, ''));
      const first = problems[0] ?? { field: 'body', message: 'invalid request' };
      return new BadRequestException({ message: problems.map((p) => p.message).join('; '), field: first.field });
    },
  });
}

function flatten(error: ValidationError, prefix: string): { field: string; message: string }[] {
  const field = prefix ? `${prefix}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}
