import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const MAX_CALLBACK_URL_LENGTH = 2048;

/** Absolute http(s) URL, no user:password part, at most 2048 characters. */
export function isWellFormedCallbackUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_CALLBACK_URL_LENGTH || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !!url.hostname;
}

export function IsCallbackUrl(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCallbackUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isWellFormedCallbackUrl,
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must be an absolute http(s) URL without credentials, at most ${MAX_CALLBACK_URL_LENGTH} characters`,
      },
    });
}
