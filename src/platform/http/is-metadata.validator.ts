import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

import { MAX_METADATA_BYTES, metadataBytes } from '../domain/metadata';

/** DTO class -> its free-form JSON properties, which the validation pipe keeps away from class-transformer. */
const FREE_FORM_PROPERTIES = new WeakMap<object, string[]>();

export function freeFormPropertiesOf(dto: unknown): readonly string[] {
  return (typeof dto === 'function' && FREE_FORM_PROPERTIES.get(dto)) || [];
}

export function isMetadataValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && metadataBytes(value as object) <= MAX_METADATA_BYTES;
}

export function metadataMessage(property: string): string {
  return `${property} must be a JSON object of at most ${MAX_METADATA_BYTES} bytes`;
}

/**
 * A JSON object (not an array or null) whose serialised form is at most 64 KiB, kept exactly as parsed: the
 * validation pipe checks it and hands it through untouched, because class-transformer would drop keys named
 * like Object.prototype members (constructor, toString, …) and fail on `__proto__`.
 */
export function IsMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    const dto = target.constructor;
    FREE_FORM_PROPERTIES.set(dto, [...(FREE_FORM_PROPERTIES.get(dto) ?? []), propertyName as string]);
    registerDecorator({
      name: 'isMetadata',
      target: dto,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isMetadataValue,
        defaultMessage: ({ property }: ValidationArguments) => metadataMessage(property),
      },
    });
  };
}
