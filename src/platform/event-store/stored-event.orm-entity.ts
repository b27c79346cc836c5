import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Metadata } from '../domain/metadata';

/** One row of the append-only event store; UNIQUE (stream_id, version) gives optimistic concurrency. */
@Entity({ name: 'events' })
export class StoredEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  sequence: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId: string;

  @Column({ name: 'stream_type', type: 'text' })
  streamType: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  type: string;

  /** The shape `data` has; read back through the upcasters, a record always carries its type's current one. */
  @Column({ name: 'schema_version', type: 'smallint' })
  schemaVersion: number;

  @Column({ type: 'jsonb' })
  data: Metadata;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
