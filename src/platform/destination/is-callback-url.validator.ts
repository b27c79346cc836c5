import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const MAX_CALLBACK_URL_LENGTH = 2048;

/** Whitespace and control characters anywhere: the URL parser would strip or re-encode them silently. */
const UNSAFE_CHARACTERS = /[\s\u0000-\u001f\u007f-\u009f]/;

/** Absolute http(s) URL, no user:password part, no port 0, nothing the parser would silently drop, at most 2048 characters. */
export function isWellFormedCallbackUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_CALLBACK_URL_LENGTH || UNSAFE_CHARACTERS.test(value) || !URL.canParse(value)) {
    return false;
  }
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !!url.hostname && url.port !== '0';
}

export function callbackUrlMessage(field: string): string {
  return `${field} must be an absolute http(s) URL of at most ${MAX_CALLBACK_URL_LENGTH} characters, with no credentials, whitespace, control characters or port 0`;
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
        defaultMessage: ({ property }: ValidationArguments) => callbackUrlMessage(property),
      },
    });
}
