import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor = new (...args: any[]) => object;

/**
 * `?metadata_key=&metadata_value=`: a metadata search, on whatever request class it extends (a mixin, so a list
 * keeps its paging base). A value means nothing without the key it is the value of: a 400 naming it.
 */
export function MetadataSearchFields<Base extends Constructor>(base: Base) {
  class WithMetadataSearch extends base {
    @ApiPropertyOptional({ description: 'Only those whose metadata has this key (with `metadata_value`: that value).', example: 'pipeline' })
    @IsOptional()
    @IsString()
    @MinLength(1)
    @MaxLength(200)
    metadata_key?: string;

    @ApiPropertyOptional({ description: 'With `metadata_key`: the value, as text or the number or boolean it spells (`42` finds 42 and "42").', example: 'nightly' })
    @IsOptional()
    @IsString()
    @MaxLength(1000)
    @ValidateBy({
      name: 'needsMetadataKey',
      validator: {
        validate: (_value, args) => (args?.object as { metadata_key?: unknown }).metadata_key != null,
        defaultMessage: () => 'metadata_value needs metadata_key: the key whose value to match',
      },
    })
    metadata_value?: string;
  }
  return WithMetadataSearch;
}
