import { isISO8601, ValidateBy } from 'class-validator';

/**
 * An ISO 8601 date or date-time that names an instant JavaScript reads too: `isISO8601` alone also passes week and
 * ordinal dates (`2026-W49`, `2026-337`) and compact forms that `new Date` cannot read, which then reached the
 * database as an invalid date (a 500).
 */
export function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => typeof value === 'string' && isISO8601(value, { strict: true }) && !Number.isNaN(Date.parse(value)),
      defaultMessage: (args) => `${args?.property} must be an ISO 8601 date-time such as 2026-12-03T10:00:00Z`,
    },
  });
}

/** The instant as UTC ISO text (what lists compare and streams keep). */
export function isoInstant(value: string | undefined | null): string | undefined {
  return value === undefined || value === null ? undefined : new Date(value).toISOString();
}
