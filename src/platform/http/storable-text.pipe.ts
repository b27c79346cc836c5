import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

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
    const problem = findUnstorable(value, data ?? '');
    if (problem !== undefined) {
      throw new BadRequestException({ message: `${problem || 'body'} contains a NUL character or an unpaired surrogate`, field: problem || 'body' });
    }
    return value;
  }
}

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** The path of the first unstorable string or key, or undefined. Depth is bounded by the body's shape check. */
function findUnstorable(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isStorable(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!isStorable(key)) return path || 'body';
    const found = findUnstorable(child, childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
