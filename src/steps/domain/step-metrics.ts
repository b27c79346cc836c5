import { inJsonbKeyOrder } from '../../platform/domain/jsonb-key-order';
import { InvalidInputError } from '../../platform/domain/domain-error';
import { assertMetadata } from '../../platform/domain/input-rules';

/** What a step reports about itself on completion: a flat map of names to numbers, e.g. duration_ms, tokens_in. */
export type StepMetrics = Record<string, number>;

/**
 * Metrics are bounded as metadata is (a JSON object of at most 64 KiB, storable keys, bounded depth) and, being
 * measurements, hold finite numbers only: a dashboard can sum and compare them without guessing at their types.
 * Numbers only is the strict start: accepting more later stays compatible, refusing more later would not.
 */
export function assertStepMetrics(field: string, value: unknown): asserts value is StepMetrics {
  assertMetadata(field, value);
  for (const [key, measurement] of Object.entries(value)) {
    if (typeof measurement !== 'number' || !Number.isFinite(measurement)) {
      throw new InvalidInputError(`${field}.${key}`, `${field}.${key} must be a finite number`);
    }
  }
}

/**
 * The metrics as PostgreSQL's jsonb gives them back: keys in its order (shorter first, then by bytes), and -0 as 0.
 * The event, the state kept in memory, the steps row and every answer then agree, whether the step was folded
 * from the request or read back from the database, and so does a repeat's comparison with what was recorded.
 */
export function asStored(metrics: StepMetrics): StepMetrics {
  const ordered = inJsonbKeyOrder(metrics);
  return Object.fromEntries(Object.keys(ordered).map((key) => [key, ordered[key] === 0 ? 0 : ordered[key]]));
}
