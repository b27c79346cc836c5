import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallbackClient, PagedList, type Page, type RunResponse } from 'callback-integration-client';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * A real HTTP proxy in front of the service that records each request's path and query (how many pages a list
 * read, with which cursors) and can answer one with a 503 instead.
 */
async function recordingProxy(target: string, failOnce?: (url: string) => boolean): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  let failed = false;
  const server = createServer(async (req, res) => {
    requests.push(req.url!);
    if (!failed && failOnce?.(req.url!)) {
      failed = true;
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' }).end('{"statusCode":503,"message":"later"}');
      return;
    }
    const answer = await fetch(`${target}${req.url}`); // the lists read through it are GETs
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** The client's auto-paging lists against the real app: every item of every page, in order, once. */
describe('CallbackClient lists: for await over every page', () => {
  let t: TestApp;
  let client: CallbackClient;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.db);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    client = new CallbackClient({ baseUrl });
  });
  afterAll(() => t.close());

  it('client.runs.list() follows next_cursor across pages until has_more is false, lazily, with the filters on every page', async () => {
    const created: RunResponse[] = [];
    for (let i = 0; i < 5; i++) created.push(await client.createRun({ agent_id: 'pager', metadata: { i } }));
    await client.createRun({ agent_id: 'someone-else' });
    const newestFirst = created.map((run) => run.id).reverse();

    const proxy = await recordingProxy(baseUrl);
    try {
      const proxied = new CallbackClient({ baseUrl: proxy.url });
      const seen: string[] = [];
      for await (const run of proxied.runs.list({ agent_id: 'pager', limit: 2 })) seen.push(run.id);
      expect(seen).toEqual(newestFirst);
      expect(proxy.requests).toEqual([
        '/v1/runs?agent_id=pager&limit=2',
        expect.stringMatching(/^\/v1\/runs\?agent_id=pager&limit=2&cursor=[A-Za-z0-9_-]+$/),
        expect.stringMatching(/^\/v1\/runs\?agent_id=pager&limit=2&cursor=[A-Za-z0-9_-]+$/),
      ]);

      // Breaking out early reads no further page.
      proxy.requests.length = 0;
      for await (const run of proxied.runs.list({ agent_id: 'pager', limit: 2 })) if (run.id === newestFirst[1]) break;
      expect(proxy.requests).toHaveLength(1);
    } finally {
      proxy.server.close();
    }
  });

  it('pages() yields each page as the API answered it; firstPage() and the one-page method continue from its cursor; toArray() stops at its limit', async () => {
    const list = client.runs.list({ agent_id: 'pager', limit: 2 });
    const pages: Page<RunResponse>[] = [];
    for await (const page of list.pages()) pages.push(page);
    expect(pages.map((page) => [page.data.length, page.has_more, page.next_cursor === null])).toEqual([
      [2, true, false],
      [2, true, false],
      [1, false, true],
    ]);
    const first = await list.firstPage();
    expect(first).toEqual(pages[0]);
    expect(await client.listRuns({ agent_id: 'pager', limit: 2, cursor: first.next_cursor! })).toEqual(pages[1]);
    expect((await list.toArray({ limit: 3 })).map((run) => run.id)).toEqual([...pages[0].data, pages[1].data[0]].map((run) => run.id));
    expect(list).toBeInstanceOf(PagedList);
  });

  it("a run's steps, events and deliveries and a job's events page the same way", async () => {
    const run = await client.createRun();
    const steps = [];
    for (let i = 0; i < 5; i++) steps.push(await client.addStep(run.id, { metadata: { i } }));
    expect((await client.runs.steps(run.id, { limit: 2 }).toArray({ limit: 100 })).map((step) => step.id)).toEqual(steps.map((step) => step.id));
    const events = await client.runs.events(run.id, { limit: 2 }).toArray({ limit: 100 });
    expect(events.map((event) => [event.version, event.type])).toEqual([[1, 'RunCreated'], ...steps.map((_, i) => [i + 2, 'RunStepAdded'])]);
    expect(await client.runs.deliveries(run.id).toArray({ limit: 100 })).toEqual([]);

    const job = await client.createJob();
    for (let i = 0; i < 3; i++) await client.updateJob(job.id, { metadata: { i } });
    const jobEvents: number[] = [];
    for await (const event of client.jobs.events(job.id, { limit: 1 })) jobEvents.push(event.version);
    expect(jobEvents).toEqual([1, 2, 3, 4]);
  });

  it('a page that fails is retried like any GET, and the list goes on from the same cursor', async () => {
    const proxy = await recordingProxy(baseUrl, (url) => url.includes('cursor=')); // the second page's first attempt: a 503
    try {
      const proxied = new CallbackClient({ baseUrl: proxy.url, retryDelayMs: 1 });
      const ids = (await proxied.runs.list({ agent_id: 'pager', limit: 2 }).toArray({ limit: 100 })).map((run) => run.id);
      expect(ids).toEqual((await client.listRuns({ agent_id: 'pager' })).data.map((run) => run.id));
      expect(ids).toHaveLength(5);
      expect(proxy.requests).toHaveLength(4); // three pages, the second one asked twice
      expect(proxy.requests[1]).toBe(proxy.requests[2]);
    } finally {
      proxy.server.close();
    }
  });
});
