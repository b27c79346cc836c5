import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidInputError } from '../domain/domain-error';

export interface PageRequest {
  limit: number;
  /** Continue after the item with this id (newest first). */
  after?: string;
}

/** Newest-first keyset paging on (created_at, id); `after` must name an existing row. */
export async function fetchNewestFirst<T extends ObjectLiteral & { id: string; createdAt: Date }>(
  query: SelectQueryBuilder<T>,
  page: PageRequest,
): Promise<T[]> {
  return (await newestFirst(query, page)).getMany();
}

/** The page's query (ordered, limited), for a caller that reads it its own way. */
export async function newestFirst<T extends ObjectLiteral & { id: string; createdAt: Date }>(
  query: SelectQueryBuilder<T>,
  page: PageRequest,
): Promise<SelectQueryBuilder<T>> {
  const alias = query.alias;
  if (page.after !== undefined) {
    const anchor = await query.clone().where(`${alias}.id = :anchorId`, { anchorId: page.after }).getOne();
    if (!anchor) throw new InvalidInputError('after', `after must be the id of an existing item, got "${page.after}"`);
    query.andWhere(`(${alias}.created_at, ${alias}.id) < (:anchorAt, :anchorId)`, {
      anchorAt: anchor.createdAt,
      anchorId: anchor.id,
    });
  }
  return query.orderBy(`${alias}.created_at`, 'DESC').addOrderBy(`${alias}.id`, 'DESC').limit(page.limit);
}
