import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import type { CursorFormat } from './page-cursor';

const NOT_A_CURSOR = Symbol('not a cursor');

/**
 * A `cursor` query parameter: the `next_cursor` of an earlier page of the same kind of list, decoded to the
 * position it names. Anything else (a second value, a cursor of another kind of list, text this service did not
 * write) is a 400 naming the parameter.
 */
export function CursorQuery<P>(format: CursorFormat<P>): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string') return NOT_A_CURSOR;
      return format.decode(value) ?? NOT_A_CURSOR;
    }),
    ValidateBy({
      name: 'pageCursor',
      validator: {
        validate: (value) => value !== NOT_A_CURSOR,
        defaultMessage: (args) => `${args?.property} must be the next_cursor of an earlier page of this list, unchanged`,
      },
    }),
  );
}
