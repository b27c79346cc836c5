import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MetadataSearchFields } from '../platform/http/metadata-search-fields';
import { PageQuery } from '../platform/http/page-query.dto';
import type { LifecycleSearch } from './lifecycle-search';

/** `?id_prefix=&metadata_key=&metadata_value=` with paging: the search the jobs and the runs lists share. */
export class LifecycleSearchQuery extends MetadataSearchFields(PageQuery) {
  @ApiPropertyOptional({ description: 'Only those whose id starts with this.', example: 'job-3c2d' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  id_prefix?: string;

  lifecycleSearch(): LifecycleSearch {
    return { idPrefix: this.id_prefix, metadataKey: this.metadata_key, metadataValue: this.metadata_value };
  }
}
