import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Rejects unknown fields and answers the first problem, naming its field (e.g. `metadata.owner`). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
