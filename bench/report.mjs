// How the benchmark prints its figures and the service / baseline ratios.

export function printFigures(title, figures) {
  const serverSide = figures.completion_api_server_side;
  console.log('');
  console.log(`== ${title}`);
  console.log(`completions/s:            ${figures.completions_per_second}`);
  console.log(`deliveries/s end-to-end:  ${figures.deliveries_per_second}`);
  console.log(`completed_at -> receipt:  p50 ${figures.delivery_latency_ms.p50} ms, p95 ${figures.delivery_latency_ms.p95} ms, p99 ${figures.delivery_latency_ms.p99} ms, max ${figures.delivery_latency_ms.max} ms`);
  console.log(`completion API latency:   p50 ${figures.completion_api_latency_ms.p50} ms, p99 ${figures.completion_api_latency_ms.p99} ms`);
  if (serverSide) console.log(`  of which in the service:  ${serverSide.within_5ms_pct}% answered within 5 ms, ${serverSide.within_10ms_pct}% within 10 ms, ${serverSide.within_25ms_pct}% within 25 ms (its own http_request_duration_seconds)`);
  console.log(`deliveries lost:          ${figures.deliveries_lost}   (must be 0)`);
  console.log(`duplicates:               ${figures.duplicates} (subjects seen under two webhook-ids: ${figures.subjects_with_two_webhook_ids})`);
  if (figures.concurrent_double_attempts !== null) console.log(`concurrent double attempts: ${figures.concurrent_double_attempts}   (attempt-log intervals of one delivery that overlap; must be 0)`);
  if (figures.hanging_receiver.jobs > 0) console.log(`hanging receiver:         ${figures.hanging_receiver.jobs} jobs aimed at it, ${figures.hanging_receiver.requests_held} requests held (figures above are for the healthy receiver)`);
  console.log(`attempts:                 ${figures.attempts} for ${figures.deliveries_expected} deliveries (${figures.refused_by_receiver} answered 503 by the receiver)`);
  console.log(`peak RSS:                 ${figures.peak_rss_mb} MB per process, max`);
  const cpu = figures.cpu_ms_per_delivery;
  if (cpu) console.log(`CPU ms per delivery:      service ${cpu.service}, database ${cpu.database}, receiver ${cpu.receiver}, load generator ${cpu.load_generator}; all ${cpu.all}`);
  const writes = figures.database_writes_per_delivery;
  if (writes) console.log(`database per delivery:    ${writes.rows} rows written (${writes.inserted} inserted, ${writes.updated} updated, ${writes.deleted} deleted) in ${writes.transactions} transactions`);
}

/** Service ÷ baseline, measured in this run on this machine: the only figures that compare across machines. */
export function ratios(service, baseline) {
  const ratio = (a, b) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);
  return {
    deliveries_per_second: ratio(service.deliveries_per_second, baseline.deliveries_per_second),
    receipt_p99: ratio(service.delivery_latency_ms.p99, baseline.delivery_latency_ms.p99),
    completion_api_p99: ratio(service.completion_api_latency_ms.p99, baseline.completion_api_latency_ms.p99),
    peak_rss: ratio(service.peak_rss_mb, baseline.peak_rss_mb),
    service_cpu_per_delivery: ratio(service.cpu_ms_per_delivery?.service ?? null, baseline.cpu_ms_per_delivery?.service ?? null),
    database_cpu_per_delivery: ratio(service.cpu_ms_per_delivery?.database ?? null, baseline.cpu_ms_per_delivery?.database ?? null),
    all_cpu_per_delivery: ratio(service.cpu_ms_per_delivery?.all ?? null, baseline.cpu_ms_per_delivery?.all ?? null),
    database_rows_per_delivery: ratio(service.database_writes_per_delivery?.rows ?? null, baseline.database_writes_per_delivery?.rows ?? null),
    database_transactions_per_delivery: ratio(service.database_writes_per_delivery?.transactions ?? null, baseline.database_writes_per_delivery?.transactions ?? null),
  };
}

/** `targets`: print the targets beside the figures (they are set for service / baseline). */
export function printRatios(title, r, targets = false) {
  const target = (text) => (targets ? `   (${text})` : '');
  console.log('');
  console.log(`== ${title} (same run, same machine)`);
  console.log(`deliveries/s:             ${r.deliveries_per_second}x${target('target >= 1.0x, aim 1.2x')}`);
  console.log(`receipt p99:              ${r.receipt_p99}x${target('target <= 1.5x, open loop')}`);
  console.log(`completion API p99:       ${r.completion_api_p99}x${target('target <= 1.5x, open loop')}`);
  console.log(`peak RSS:                 ${r.peak_rss}x`);
  if (r.service_cpu_per_delivery !== null) {
    console.log(`CPU per delivery:         service process ${r.service_cpu_per_delivery}x, database ${r.database_cpu_per_delivery}x, all processes ${r.all_cpu_per_delivery}x`);
  }
  if (r.database_rows_per_delivery != null) {
    console.log(`database per delivery:    rows written ${r.database_rows_per_delivery}x, transactions ${r.database_transactions_per_delivery}x`);
  }
}
