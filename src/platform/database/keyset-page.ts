import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * A row's place in a list ordered by (created_at, id). Every created_at is written from a JS Date (the event's
 * time), so it has millisecond precision and a row's Date is its exact place in that order.
 */
export interface CreatedPosition {
  at: Date;
  id: string;
}

/** A page to read: at most `limit` rows, after the row at `after` (from the start without it). */
export interface PageRequest<P = CreatedPosition> {
  limit: number;
  after?: P;
}

type CreatedRow = ObjectLiteral & { id: string; createdAt: Date };

export function createdPositionOf(row: { id: string; createdAt: Date }): CreatedPosition {
  return { at: row.createdAt, id: row.id };
}

/**
 * Newest first by (created_at, id), the rows after `page.after`: a keyset on a position that never changes, so a
 * row created meanwhile lands before the cursor (on no later page) and none is skipped or repeated.
 */
export function newestFirst<T extends CreatedRow>(query: SelectQueryBuilder<T>, page: PageRequest): SelectQueryBuilder<T> {
  return inCreationOrder(query, page, 'DESC');
}

/** Oldest first by (created_at, id), the rows after `page.after` (a row created meanwhile comes last). */
export function oldestFirst<T extends CreatedRow>(query: SelectQueryBuilder<T>, page: PageRequest): SelectQueryBuilder<T> {
  return inCreationOrder(query, page, 'ASC');
}

function inCreationOrder<T extends CreatedRow>(query: SelectQueryBuilder<T>, page: PageRequest, direction: 'ASC' | 'DESC'): SelectQueryBuilder<T> {
  const alias = query.alias;
  if (page.after !== undefined) {
    query.andWhere(`(${alias}.created_at, ${alias}.id) ${direction === 'DESC' ? '<' : '>'} (:afterAt, :afterId)`, {
      afterAt: page.after.at,
      afterId: page.after.id,
    });
  }
  return query.orderBy(`${alias}.created_at`, direction).addOrderBy(`${alias}.id`, direction).limit(page.limit);
}
