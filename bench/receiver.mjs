// Benchmark receiver, run in its own process: answers at once (or after --delay ms, or 503 for a share of
// requests), and records per job/run/step id when it arrived. GET /stats reports (GET /count: how many so far);
// nothing else is served.
// A Standard Webhooks envelope (an endpoint's delivery, `{type, timestamp, data}`) is recorded per path and id, so
// each endpoint (a path of its own) counts its own; the first one each path received is kept, to check its signature.
// A second port holds every request without answering (the --hanging-share receiver).
import { createServer } from 'node:http';

const delayMs = Number(process.env.RECEIVER_DELAY_MS ?? 0);
const failureRate = Number(process.env.RECEIVER_FAILURE_RATE ?? 0);
const first = new Map(); // subject id -> { receivedAt, latencyMs }
const webhookIds = new Map(); // subject id -> Set of webhook-ids seen
const perPath = {}; // endpoint path -> deliveries received (envelopes only)
const samples = {}; // endpoint path -> its first request's { body, headers }
let requests = 0;
let refused = 0;

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    // What a wait for tens of thousands of deliveries polls: no lists built per look.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ requests, unique: first.size }));
    return;
  }
  if (request.method === 'GET' && request.url === '/stats') {
    const latencies = [...first.values()].map((entry) => entry.latencyMs).filter((ms) => ms !== null);
    const receipts = [...first.values()].map((entry) => entry.receivedAt);
    const mixedIds = [...webhookIds.values()].filter((ids) => ids.size > 1).length;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ requests, refused, hung, unique: first.size, latencies, lastReceiptAt: receipts.reduce((last, at) => Math.max(last, at), 0), mixedIds, perPath, samples }));
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    requests++;
    const answer = () => {
      if (failureRate > 0 && Math.random() < failureRate) {
        refused++;
        response.writeHead(503).end();
        return;
      }
      const receivedAt = Date.now();
      const text = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(text);
      const envelope = typeof body.type === 'string' && body.data !== undefined;
      const subject = envelope ? body.data : body;
      const subjectId = subject.job_id ?? subject.run_id ?? subject.step_id;
      const id = envelope ? `${request.url} ${subjectId}` : subjectId;
      if (envelope) samples[request.url] ??= { body: text, headers: request.headers };
      if (!webhookIds.has(id)) webhookIds.set(id, new Set());
      webhookIds.get(id).add(request.headers['webhook-id']);
      if (!first.has(id)) {
        first.set(id, { receivedAt, latencyMs: subject.completed_at ? receivedAt - Date.parse(subject.completed_at) : null });
        if (envelope) perPath[request.url] = (perPath[request.url] ?? 0) + 1;
      }
      response.writeHead(200).end();
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;

// A second receiver, on its own port (so its own host:port for the service), that never answers.
let hung = 0;
const hanging = createServer(() => hung++);

server.listen(0, '127.0.0.1', () =>
  hanging.listen(0, '127.0.0.1', () => process.send({ port: server.address().port, hangingPort: hanging.address().port })),
);
