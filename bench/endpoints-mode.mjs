// The benchmark's endpoints mode (`--endpoints 1,10`, issue 21): jobs created without a callback_url, E endpoints
// registered against the bench receiver (one path each, all on 127.0.0.1), each completion fanned out by the service
// to every endpoint as a delivery of its own. Figures are per delivery, compared with the per-job callback mode
// (the service's default run) measured in the same invocation. Closed loop, every mode completes the same N jobs
// with the same C clients (E × N deliveries). Open loop (--rate R), each endpoint count is offered the deliveries the
// per-job mode is — R/E completions a second, N/E of them — so receipt latency is compared at the same delivery rate
// rather than at E times it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ratios } from './report.mjs';

/** `--endpoints 1,10` → [1, 10]. */
export function parseEndpointCounts(text) {
  const counts = text.split(',').map((part) => Number(part.trim()));
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 200)) {
    throw new Error('--endpoints takes a comma-separated list of endpoint counts, each 1 to 200 (e.g. 1,10)');
  }
  return counts;
}

/** The completions a scenario drives (see the header): the same in closed loop, R/E per second and N/E open loop. */
export function offeredLoad(n, rate, endpointCount) {
  if (endpointCount === 0 || rate === 0) return { n, rate };
  return { n: Math.ceil(n / endpointCount), rate: rate / endpointCount };
}

/** Registers `count` endpoints for job.completed, each on a path of its own at the receiver. */
export async function registerEndpoints(call, receiverUrl, count) {
  const endpoints = [];
  for (let k = 0; k < count; k++) {
    const path = `/endpoints/${k}`;
    const answer = await call('POST', '/v1/endpoints', { url: `${receiverUrl}${path}`, event_types: ['job.completed'], description: `bench ${k}` });
    if (answer.status !== 201) throw new Error(`creating endpoint ${k} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    endpoints.push({ id: answer.body.id, path });
  }
  return endpoints;
}

/**
 * What arrived per endpoint (each should have had every one of the N completions) and whether the first delivery
 * each path received carries a valid signature by that endpoint's own secret (checked here, after the run, so the
 * receiver spends nothing on it during the measurement).
 */
export async function checkEndpoints(call, endpoints, stats, n) {
  const counts = endpoints.map(({ path }) => stats.perPath[path] ?? 0);
  let signed = 0;
  for (const { id, path } of endpoints) {
    const sample = stats.samples[path];
    if (!sample) continue;
    const { secret } = (await call('GET', `/v1/endpoints/${id}/secret`)).body;
    if (signedBy(secret, sample)) signed++;
  }
  return { count: endpoints.length, per_endpoint_expected: n, per_endpoint_min: Math.min(...counts), per_endpoint_max: Math.max(...counts), signatures_valid: signed };
}

/** Standard Webhooks: `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`, one or more space-separated. */
function signedBy(secret, { body, headers }) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((entry) => {
      const given = Buffer.from(entry.replace(/^v1,/, ''), 'base64');
      return entry.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

export function printEndpointChecks(check) {
  console.log(`per endpoint:             ${check.per_endpoint_min}–${check.per_endpoint_max} deliveries received of ${check.per_endpoint_expected} (must be ${check.per_endpoint_expected} each)`);
  console.log(`signatures:               ${check.signatures_valid} of ${check.count} endpoints' first delivery valid under their own secret`);
}

/** Each endpoint count's figures ÷ the per-job callback mode's, measured in this invocation. */
export function endpointRatios(byCount, perJob) {
  const out = {};
  for (const [count, figures] of Object.entries(byCount)) {
    out[count] = {
      ...ratios(figures, perJob),
      completions_per_second: Math.round((figures.completions_per_second / perJob.completions_per_second) * 100) / 100,
      receipt_p50: perJob.delivery_latency_ms.p50 ? Math.round((figures.delivery_latency_ms.p50 / perJob.delivery_latency_ms.p50) * 100) / 100 : null,
    };
  }
  return out;
}

export function printEndpointRatios(byCount) {
  console.log('');
  console.log('== endpoints / per-job callback mode (same run, same machine; per delivery)');
  for (const [count, r] of Object.entries(byCount)) {
    const target = (text) => (Number(count) === 10 ? `   (issue 21: ${text} with E = 10)` : '');
    console.log(`E=${count}:`);
    console.log(`  deliveries/s:           ${r.deliveries_per_second}x${target('target >= 1.0x')}`);
    console.log(`  receipt p99:            ${r.receipt_p99}x${target('target <= 1.5x')}   (p50 ${r.receipt_p50}x)`);
    console.log(`  completions/s:          ${r.completions_per_second}x;  completion API p99 ${r.completion_api_p99}x`);
    if (r.service_cpu_per_delivery !== null) {
      console.log(`  CPU per delivery:       service process ${r.service_cpu_per_delivery}x, database ${r.database_cpu_per_delivery}x, all processes ${r.all_cpu_per_delivery}x`);
    }
  }
}
