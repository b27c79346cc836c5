import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { productionNodeFlags, startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';
import { inParallel } from '../support/processes';

const JOBS = 1100;
/** Just under the 64 KiB limit once serialised. */
const BIG_METADATA = { blob: 'm'.repeat(64 * 1024 - 40) };

/** Reads a page (`{"data": [...], …}`) as a stream, keeping only counts: the test must not hold 66 MB per request either. */
async function countItems(url: string, marker: string): Promise<{ status: number; items: number; bytes: number; wellFormed: boolean }> {
  const response = await fetch(url);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let items = 0;
  let bytes = 0;
  let carry = '';
  let head = '';
  let tail = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    const text = carry + decoder.decode(value, { stream: true });
    if (head.length < 9) head += text.slice(0, 9);
    tail = (tail + text).slice(-200);
    items += text.split(marker).length - 1;
    carry = text.slice(-marker.length + 1);
    items -= carry.split(marker).length - 1; // counted again with the next chunk
  }
  const ending = /\],"has_more":(true|false),"next_cursor":(null|"[A-Za-z0-9_-]+")\}$/;
  return { status: response.status, items, bytes, wellFormed: head.startsWith('{"data":[') && ending.test(tail) };
}

describe('memory stays bounded under the worst valid mix (service run with the production heap cap)', () => {
  let db: DataSource;
  let receiver: Receiver;
  let service: ServiceProcess;
  const jobIds: string[] = [];
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = await Receiver.start();
    service = await startService({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', DISPATCHER_POLL_INTERVAL_MS: '100' }, productionNodeFlags());
  });
  afterAll(async () => {
    service.child.kill('SIGKILL');
    await receiver.stop();
    await db.destroy();
  });

  const send = (method: string, path: string, body: unknown) =>
    fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it(`creates and completes ${JOBS} jobs with 64 KiB metadata, each calling back with a 64 KiB payload`, async () => {
    await inParallel(Array.from({ length: JOBS }, (_, i) => i), 16, async () => {
      const answer = await send('POST', '/v1/jobs', { callback_url: receiver.url(), metadata: BIG_METADATA });
      expect(answer.status).toBe(201);
      jobIds.push(((await answer.json()) as { id: string }).id);
    });
    await inParallel(Array.from({ length: JOBS }, (_, i) => i), 16, async (i) => {
      expect((await send('PATCH', `/v1/jobs/${jobIds[i]}`, { status: 'completed' })).status).toBe(200);
    });
    await eventually(() => receiver.requests.length >= JOBS, { timeoutMs: 60_000, what: 'every callback' });
    expect(service.child.exitCode).toBeNull();
  }, 120_000);

  it('answers 8 parallel pages of 1,000 jobs, deliveries and a long event stream, complete and well-formed', async () => {
    const pages = await Promise.all([
      ...Array.from({ length: 4 }, () => countItems(`${service.url}/v1/jobs?limit=1000`, '"id":"job-')),
      ...Array.from({ length: 4 }, () => countItems(`${service.url}/v1/deliveries?limit=1000`, '"id":"dlv-')),
    ]);
    for (const page of pages) expect(page).toMatchObject({ status: 200, items: 1000, wellFormed: true });
    expect(pages[0].bytes).toBeGreaterThan(64_000_000); // the responses really were that large
    expect(service.child.exitCode).toBeNull();
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
  }, 120_000);

  it('caps metadata after merging at 64 KiB: a merge past it is a 400 and changes nothing', async () => {
    const job = (await (await send('POST', '/v1/jobs', { metadata: { a: 'x'.repeat(40_000) } })).json()) as { id: string };
    const refused = await send('PATCH', `/v1/jobs/${job.id}`, { metadata: { b: 'y'.repeat(30_000) } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ field: 'metadata', message: expect.stringContaining('at most 65536 are kept') });
    const stored = (await (await fetch(`${service.url}/v1/jobs/${job.id}`)).json()) as { metadata: Record<string, string> };
    expect(Object.keys(stored.metadata)).toEqual(['a']);
    // replacing a key keeps the size: 300 such merges build a long stream, which is read back whole in one page
    for (let i = 0; i < 300; i++) expect((await send('PATCH', `/v1/jobs/${job.id}`, { metadata: { a: `${i}`.padEnd(60_000, 'z') } })).status).toBe(200);
    const events = await countItems(`${service.url}/v1/jobs/${job.id}/events?limit=1000`, '"type":"');
    expect(events).toMatchObject({ status: 200, items: 301, wellFormed: true });
    expect(service.child.exitCode).toBeNull();
  }, 120_000);
});
