import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MetadataSearchFields, type Constructor } from '../../../platform/http/metadata-search-fields';
import { IsInstant, isoInstant } from '../../../platform/http/is-instant.validator';
import { DELIVERY_KINDS, type DeliveryKind } from '../../domain/delivery-kind';
import type { DeliverySearch } from '../../domain/delivery-search';

/**
 * The search fields the deliveries list and a bulk redelivery share (`status` and `status_code` each declare
 * themselves: a query string and a JSON body spell them differently). A mixin, so the list keeps its paging base;
 * `metadata_key`/`metadata_value` find deliveries about a job or run whose metadata matches.
 */
export function DeliverySearchFields<Base extends Constructor>(base: Base) {
  class WithDeliverySearch extends MetadataSearchFields(base) {
    @ApiPropertyOptional({ enum: DELIVERY_KINDS })
    @IsOptional()
    @IsIn(DELIVERY_KINDS)
    kind?: DeliveryKind;

    @ApiPropertyOptional({ description: 'Only deliveries to this destination host (host[:port], as in the URL).', example: 'ci.example.com' })
    @IsOptional()
    @IsString()
    @MaxLength(300)
    host?: string;

    @ApiPropertyOptional({
      description: 'Only deliveries whose URL starts with this: host, port and path, with or without the scheme.',
      example: 'ci.example.com/hooks/',
    })
    @IsOptional()
    @IsString()
    @MinLength(1)
    @MaxLength(2048)
    url?: string;

    @ApiPropertyOptional({ description: 'Only deliveries about this job, run or step.' })
    @IsOptional()
    @IsString()
    @MaxLength(300)
    subject_id?: string;

    @ApiPropertyOptional({ description: "Only deliveries whose subject's id starts with this.", example: 'job-3c2d' })
    @IsOptional()
    @IsString()
    @MinLength(1)
    @MaxLength(300)
    subject_id_prefix?: string;

    @ApiPropertyOptional({ description: 'Only deliveries fanned out to this endpoint.', example: 'ep-3c2d…' })
    @IsOptional()
    @IsString()
    @MaxLength(300)
    endpoint_id?: string;

    @ApiPropertyOptional({ description: 'Only deliveries created at or after this time.', format: 'date-time' })
    @IsOptional()
    @IsInstant()
    since?: string;

    @ApiPropertyOptional({ description: 'Only deliveries created before this time.', format: 'date-time' })
    @IsOptional()
    @IsInstant()
    until?: string;
  }
  return WithDeliverySearch;
}

/**
 * The search a request's fields spell: only the fields given — a JSON `null` is a field not given (class-validator's
 * IsOptional passes it: it reached the SQL as the text "null", or as 1970 for a time) — times normalised to UTC ISO text.
 */
export function deliverySearchOf<S extends DeliverySearch>(request: S): S {
  const { status, kind, host, url, subject_id, subject_id_prefix, endpoint_id, since, until, status_code, metadata_key, metadata_value } = request;
  const search = { status, kind, host, url, subject_id, subject_id_prefix, endpoint_id, since: isoInstant(since), until: isoInstant(until), status_code, metadata_key, metadata_value };
  return Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined && value !== null)) as unknown as S;
}
