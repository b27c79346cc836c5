import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const MAX_METADATA_BYTES = 64 * 1024;

/** A JSON object (not an array or null) whose serialised form is at most 64 KiB. */
export function IsMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMetadata',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Buffer.byteLength(JSON.stringify(value)) <= MAX_METADATA_BYTES,
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must be a JSON object of at most ${MAX_METADATA_BYTES} bytes`,
      },
    });
}
