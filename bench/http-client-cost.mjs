// node bench/http-client-cost.mjs [--n 10000] [--concurrency 16]   (after `npm run build`)
// CPU microseconds this process spends per webhook-sized POST: through node:http, through axios with the options
// the service's WebhookSender used before (its own http adapter on a keep-alive agent, no proxy, no redirects, a
// streamed response, an abort signal), through axios on the service's undici adapter (what WebhookSender uses now),
// and through undici alone. The receiver is a process of its own on 127.0.0.1; the variants alternate, three rounds each.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import axios from 'axios';
import { Agent as UndiciAgent } from 'undici';
import { undiciAdapter } from '../dist/webhooks/http/undici-adapter.js';

const { values: opts } = parseArgs({ options: { n: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '16' } } });
const N = Number(opts.n);
const C = Number(opts.concurrency);

const receiver = fork(resolve('bench/receiver.mjs'), { env: { ...process.env, RECEIVER_DELAY_MS: '0', RECEIVER_FAILURE_RATE: '0' } });
const { port } = await new Promise((done) => receiver.once('message', done));
const url = `http://127.0.0.1:${port}/jobs`;
const agent = new Agent({ keepAlive: true, maxSockets: C });
const pool = new UndiciAgent({ connections: C });
const adapter = undiciAdapter(pool);
const headers = { 'content-type': 'application/json', 'webhook-id': 'dlv-cost', 'webhook-timestamp': '1764200000', 'webhook-signature': 'v1,c2lnbmF0dXJl' };
let sequence = 0;
const body = () => JSON.stringify({ job_id: `job-cost-${sequence++}`, status: 'completed', completed_at: new Date().toISOString(), metadata: { i: sequence } });

const drain = (stream) => new Promise((done) => stream.on('data', () => undefined).once('end', done).once('error', done));

const variants = {
  'node:http': () =>
    new Promise((done, fail) => {
      const payload = body();
      const outgoing = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (response) => drain(response).then(done));
      outgoing.once('error', fail);
      outgoing.end(payload);
    }),
  axios: async () => {
    const response = await axios.post(url, body(), {
      headers, httpAgent: agent, proxy: false, maxRedirects: 0, responseType: 'stream', validateStatus: () => true,
      transformRequest: [(data) => data], signal: new AbortController().signal,
    });
    await drain(response.data);
  },
  'axios+undici': async () => {
    const response = await axios.post(url, body(), {
      headers, adapter, proxy: false, maxRedirects: 0, responseType: 'stream', validateStatus: () => true,
      transformRequest: [(data) => data], signal: new AbortController().signal,
    });
    await drain(response.data);
  },
  undici: async () => {
    const response = await pool.request({ origin: new URL(url).origin, path: '/jobs', method: 'POST', headers, body: body(), signal: new AbortController().signal });
    await drain(response.body);
  },
};

async function measure(send, count) {
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: C }, async () => {
    while (next++ < count) await send();
  }));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (const send of Object.values(variants)) await measure(send, Math.min(N, 2000)); // warm-up
for (let round = 0; round < 3; round++) {
  for (const [name, send] of Object.entries(variants)) results[name].push(await measure(send, N));
}
const range = (values) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
console.log(`CPU µs per POST in this process (N=${N}, C=${C}, 3 rounds):`);
for (const [name, values] of Object.entries(results)) console.log(`  ${name.padEnd(12)} ${range(values)}`);
for (const name of ['axios', 'axios+undici', 'undici']) {
  const ratios = results[name].map((value, i) => value / results['node:http'][i]);
  console.log(`  ${name} ÷ node:http, per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
}
agent.destroy();
await pool.destroy();
receiver.kill('SIGTERM');
