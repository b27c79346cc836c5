import { MigrationInterface, QueryRunner } from 'typeorm';
import { normalisedUrlSql, URL_PREFIX_CHARS } from '../platform/database/search-conditions';

/**
 * Search (issue 22): prefixes of ids and URLs (LIKE 'x%' needs text_pattern_ops under a non-C collation; the same
 * index answers equality, so it replaces the plain subject index) and metadata key/value (GIN: `?` and `@>`).
 */
export class SearchIndexes1764101400000 implements MigrationInterface {
  name = 'SearchIndexes1764101400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX deliveries_by_subject_prefix ON deliveries (subject_id text_pattern_ops)`);
    await db.query(`DROP INDEX deliveries_by_subject`);
    // The URL, scheme and host lower-cased, its first 256 characters (at most 1 KiB): a whole URL may pass the btree
    // entry limit (2704 bytes).
    await db.query(`CREATE INDEX deliveries_by_url_prefix ON deliveries ((left(${normalisedUrlSql('url')}, ${URL_PREFIX_CHARS})) text_pattern_ops)`);
    for (const table of ['jobs', 'runs']) {
      await db.query(`CREATE INDEX ${table}_by_id_prefix ON ${table} (id text_pattern_ops)`);
      await db.query(`CREATE INDEX ${table}_by_metadata ON ${table} USING gin (metadata)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['jobs', 'runs']) {
      await db.query(`DROP INDEX ${table}_by_metadata`);
      await db.query(`DROP INDEX ${table}_by_id_prefix`);
    }
    await db.query(`DROP INDEX deliveries_by_url_prefix`);
    await db.query(`CREATE INDEX deliveries_by_subject ON deliveries (subject_id)`);
    await db.query(`DROP INDEX deliveries_by_subject_prefix`);
  }
}
