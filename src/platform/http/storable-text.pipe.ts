import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { findUnstorableText, unstorableTextMessage } from '../domain/input-rules';

/**
 * Refuses text PostgreSQL cannot store — a NUL character, or a lone UTF-16 surrogate (invalid as UTF-8) — in any
 * string or object key of a body, query or path parameter, naming where it was found. Without this the database
 * would refuse the write and the caller would see a 500.
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type === 'custom') return value;
    // A named parameter (`@Param('id')`) is reported by its name; a whole body or query by its field paths.
    const problem = findUnstorableText(value, data ?? '');
    if (problem !== undefined) {
      const field = problem || 'body';
      throw new BadRequestException({ message: unstorableTextMessage(field), field });
    }
    return value;
  }
}
