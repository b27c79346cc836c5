import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Extra readiness checks the composition root contributes (e.g. the delivery engine's), besides the database's. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export type ReadinessCheck = () => HealthIndicatorResult | Promise<HealthIndicatorResult>;
