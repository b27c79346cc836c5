import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** The largest value of a PostgreSQL bigint (a sequence number). */
export const MAX_BIGINT = 2n ** 63n - 1n;

/** Longer than any bigint: refused before BigInt() is asked to parse a megabyte of digits. */
const PLAIN_DIGITS = /^[0-9]{1,40}$/;
const NOT_A_PLAIN_INTEGER = Symbol('not a plain integer');

/**
 * A query parameter holding a whole number in [min, max], written in plain decimal digits only. `Number()` (what
 * `@Type(() => Number)` does) also reads `1e20`, `0x10`, ` 5` and `1.5e3`, and rounds past 2^53, so a value it
 * accepted could reach PostgreSQL out of range or as another number than sent. `as: 'digits'` keeps the value as a
 * normalised decimal string, for bigint columns past Number's precision.
 */
export function PlainIntegerQuery(min: bigint, max: bigint, as: 'number' | 'digits' = 'number'): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || !PLAIN_DIGITS.test(value)) return NOT_A_PLAIN_INTEGER;
      const parsed = BigInt(value);
      if (parsed < min || parsed > max) return NOT_A_PLAIN_INTEGER;
      return as === 'digits' ? parsed.toString() : Number(parsed);
    }),
    ValidateBy({
      name: 'plainInteger',
      validator: {
        validate: (value) => value !== NOT_A_PLAIN_INTEGER,
        defaultMessage: (args) => `${args?.property} must be a whole number from ${min} to ${max}, written in plain digits`,
      },
    }),
  );
}
