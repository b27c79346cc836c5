import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Search conditions for a list's query builder, each with parameters of its own (`:search_0`, …), so several can
 * be combined with a page's keyset and with each other.
 */
export class SearchConditions {
  private readonly conditions: string[] = [];
  private readonly params: Record<string, unknown> = {};

  /** `sql` with `?` where the value goes, e.g. `d.kind = ?`; nothing when the value is undefined. */
  compare(sql: string, value: unknown): this {
    if (value !== undefined) this.conditions.push(sql.replace('?', this.param(value)));
    return this;
  }

  /** The text column starts with `prefix` (its %, _ and \ matched as themselves); LIKE on a text_pattern_ops index. */
  startsWith(column: string, prefix: string | undefined): this {
    if (prefix !== undefined) this.conditions.push(`${column} LIKE ${this.param(likePrefix(prefix))}`);
    return this;
  }

  /** The URL starts with `prefix`; without a scheme, with either http:// or https:// before it. */
  urlStartsWith(column: string, prefix: string | undefined): this {
    if (prefix === undefined) return this;
    const prefixes = /^https?:\/\//i.test(prefix) ? [prefix] : [`https://${prefix}`, `http://${prefix}`];
    this.conditions.push(`(${prefixes.map((each) => `${column} LIKE ${this.param(likePrefix(each))}`).join(' OR ')})`);
    return this;
  }

  /**
   * The jsonb column has `key`, equal to `value` when one is given: as the string, or as the number, boolean or null
   * it spells (`42` finds 42 and "42"). Containment and `?`, so a GIN index on the column serves it. `within`
   * places the condition, e.g. in a subquery over another table.
   */
  metadata(column: string, key: string | undefined, value: string | undefined, within = (condition: string) => condition): this {
    if (key === undefined) return this;
    if (value === undefined) {
      this.conditions.push(within(`${column} ? ${this.param(key)}`));
      return this;
    }
    const candidates: unknown[] = [value];
    const spelled = scalarSpelledBy(value);
    if (spelled !== undefined) candidates.push(spelled);
    this.conditions.push(within(`(${candidates.map((candidate) => `${column} @> ${this.param(JSON.stringify({ [key]: candidate }))}::jsonb`).join(' OR ')})`));
    return this;
  }

  /** Any other condition, with its values named by the caller's `:names` (they must not start with `search_`). */
  where(sql: string, params: Record<string, unknown> = {}): this {
    this.conditions.push(sql);
    Object.assign(this.params, params);
    return this;
  }

  applyTo<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    for (const condition of this.conditions) query.andWhere(condition);
    return query.setParameters({ ...query.getParameters(), ...this.params });
  }

  private param(value: unknown): string {
    const name = `search_${Object.keys(this.params).length}`;
    this.params[name] = value;
    return `:${name}`;
  }
}

export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (special) => `\\${special}`)}%`;
}

/** The JSON number, boolean or null a text spells exactly (`42`, `-1.5`, `true`), else undefined. */
function scalarSpelledBy(text: string): number | boolean | null | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text) && Number.isFinite(Number(text))) return Number(text);
  return undefined;
}
