import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** How much of a URL its prefix index holds: 256 characters are at most 1 KiB, within a btree entry's 2704 bytes. */
export const URL_PREFIX_CHARS = 256;

/** Scheme and authority (host, port), the part of a URL whose case means nothing. */
const URL_AUTHORITY = '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*';

/**
 * A URL column as SQL with its scheme and host lower-cased (ASCII letters only: the same under every collation and in
 * JavaScript), the rest as written: URLs are kept as they were sent, so `HTTP://CI.example.com/x` and
 * `http://ci.example.com/x` are one URL to search and to count. Immutable, so an index on it serves the search.
 */
export function normalisedUrlSql(column: string): string {
  const authority = `translate(substring(${column} from '${URL_AUTHORITY}'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
  return `(coalesce(${authority}, '') || substring(${column} from '${URL_AUTHORITY.replace('^', '^(?:')})?(.*)$'))`;
}

/** The same normalisation of a URL (or the start of one) in JavaScript. */
export function normalisedUrl(url: string): string {
  const authority = new RegExp(URL_AUTHORITY).exec(url)?.[0] ?? '';
  return authority.replace(/[A-Z]/g, (letter) => letter.toLowerCase()) + url.slice(authority.length);
}

/**
 * Search conditions for a list's query builder, each with parameters of its own (`:search_0`, …), so several can
 * be combined with a page's keyset and with each other.
 */
export class SearchConditions {
  private readonly conditions: string[] = [];
  private readonly params: Record<string, unknown> = {};

  /** `sql` with `?` where the value goes, e.g. `d.kind = ?`; nothing when the value is undefined. */
  compare(sql: string, value: unknown): this {
    if (value !== undefined && value !== null) this.conditions.push(sql.replace('?', this.param(value)));
    return this;
  }

  /** The text column starts with `prefix` (its %, _ and \ matched as themselves); LIKE on a text_pattern_ops index. */
  startsWith(column: string, prefix: string | undefined | null): this {
    if (prefix !== undefined && prefix !== null) this.conditions.push(`${column} LIKE ${this.param(likePrefix(prefix))}`);
    return this;
  }

  /**
   * The URL starts with `prefix`; without a scheme, with either http:// or https:// before it; scheme and host in
   * any case (both sides normalised). Read through an index of the normalised column's first URL_PREFIX_CHARS
   * characters, then checked whole.
   */
  urlStartsWith(column: string, prefix: string | undefined | null): this {
    if (prefix === undefined || prefix === null) return this;
    const prefixes = (/^https?:\/\//i.test(prefix) ? [prefix] : [`https://${prefix}`, `http://${prefix}`]).map(normalisedUrl);
    const indexed = (each: string) => likePrefix(Array.from(each).slice(0, URL_PREFIX_CHARS).join(''));
    const url = normalisedUrlSql(column);
    const one = (each: string) => `(left(${url}, ${URL_PREFIX_CHARS}) LIKE ${this.param(indexed(each))} AND ${url} LIKE ${this.param(likePrefix(each))})`;
    this.conditions.push(`(${prefixes.map(one).join(' OR ')})`);
    return this;
  }

  /**
   * The jsonb column has `key`, equal to `value` when one is given: as the string, or as the number, boolean or null
   * it spells (`42` finds 42 and "42"). Containment and `?`, so a GIN index on the column serves it. `within`
   * places the condition, given a way to state it on any column (e.g. in subqueries over other tables).
   */
  metadata(
    column: string,
    key: string | undefined | null,
    value: string | undefined | null,
    within = (on: (column: string) => string) => on(column),
  ): this {
    if (key === undefined || key === null) return this;
    if (value === undefined || value === null) {
      const param = this.param(key);
      this.conditions.push(within((on) => `${on} ? ${param}`));
      return this;
    }
    const candidates: unknown[] = [value];
    const spelled = scalarSpelledBy(value);
    if (spelled !== undefined) candidates.push(spelled);
    const params = candidates.map((candidate) => this.param(JSON.stringify({ [key]: candidate })));
    this.conditions.push(within((on) => `(${params.map((param) => `${on} @> ${param}::jsonb`).join(' OR ')})`));
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
  if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text)) return undefined;
  const number = Number(text);
  // Out of a double's range (1e400) or under it (1e-400 reads as 0): it names no number a document could hold.
  if (!Number.isFinite(number) || (number === 0 && /[1-9]/.test(text.split(/[eE]/)[0]))) return undefined;
  return number;
}
