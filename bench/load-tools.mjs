// Load-generation and measurement helpers of the benchmark (no product code).
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The node flags `npm run start:prod` uses, read from package.json so the bench measures what users run. */
export function productionNodeFlags() {
  const script = JSON.parse(readFileSync(resolve('package.json'), 'utf8')).scripts['start:prod'];
  return script.split(' ').filter((word) => word.startsWith('--'));
}

/**
 * One request. A keep-alive socket the server closed just as it was reused fails with ECONNRESET before the
 * request reached the server (Node's documented race): that request is sent again, once, on a fresh socket.
 */
export function send({ url, agent }, method, path, body, retried = false) {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(`${url}${path}`, { method, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        done({ status: res.statusCode, body: text ? JSON.parse(text) : undefined });
      });
      res.on('error', fail);
    });
    req.on('error', (error) => {
      if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) send({ url, agent }, method, path, body, true).then(done, fail);
      else fail(error);
    });
    req.end(payload);
  });
}

export function expectOk(answer) {
  if (answer.status !== 200) throw new Error(`completion answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

export async function inParallel(count, clientsCount, work) {
  let next = 0;
  await Promise.all(Array.from({ length: clientsCount }, async () => {
    while (next < count) await work(next++);
  }));
}

/** Starts one completion every 1/rate seconds on schedule, whether or not earlier ones have answered. */
export async function openLoop(items, rate, work) {
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < items.length; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((done) => setTimeout(done, wait));
    pending.push(work(items[i]));
  }
  await Promise.all(pending);
}

export function sampleRss(targets) {
  const peaks = new Map();
  const read = () => {
    for (const { pid } of targets) {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1]) / 1024));
      } catch {
        // the process is gone
      }
    }
  };
  const timer = setInterval(read, 500);
  return { stop: () => (read(), clearInterval(timer)), peakMb: () => round(Math.max(0, ...peaks.values())) };
}

export function percentiles(values) {
  if (values.length === 0) return { p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1]) };
}

export function round(value) {
  return Math.round(value * 10) / 10;
}

export function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}
