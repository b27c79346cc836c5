import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { collectErrors, launchBrowser, screenshot } from '../support/browser';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const UI_TIMEOUT = 10_000;

/**
 * Triage in a real browser (issue 22 items 4, 5, 7): searching deliveries by metadata, status code, URL and subject
 * prefix (live rows included), jobs and runs listed and searched, the "Go to id" box, per-URL destination health,
 * and every attempt's request and response with the latest failure expanded.
 */
describe('search and triage in the dashboard', () => {
  let t: TestApp;
  let base: string;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    receiver = (await Receiver.start()).answer((req) =>
      req.path.startsWith('/busy') ? { status: 503, body: 'try later', headers: { 'retry-after': '120', 'x-request-id': 'req-42' } } : { status: 200, body: 'ok' },
    );
    browser = await launchBrowser();
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '1h' }); // no API key: the dashboard opens without signing in
    await resetDatabase(t.db);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    errors = collectErrors(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
    await receiver.stop();
  });

  /** A job with this callback path and metadata, completed; answers once its first attempt is recorded. */
  async function completedJob(path: string, metadata: object): Promise<{ jobId: string; deliveryId: string }> {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url(path), metadata }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    const delivery = await eventually(async () => {
      const [first] = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;
      return first?.attempt_count > 0 && first.status !== 'delivering' ? first : undefined;
    }, { what: `the attempt to ${path}` });
    return { jobId: job.id, deliveryId: delivery.id };
  }
  const rowIds = () => page.locator('table.deliveries tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-delivery-id')));

  it('searches deliveries by metadata and status code; a new matching delivery joins the page live, another does not', async () => {
    const nightlyBusy = await completedJob('/busy/ci?run=1', { pipeline: 'nightly' });
    const nightlyOk = await completedJob('/hooks/ci?run=2', { pipeline: 'nightly' });
    await completedJob('/hooks/ci?run=3', { pipeline: 'weekly' });
    await page.goto(`${base}/dashboard`);
    const filters = page.getByRole('search', { name: 'Filter deliveries' });
    await filters.getByLabel('Metadata key').fill('pipeline');
    await filters.getByLabel('Metadata value').fill('nightly');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(async () => JSON.stringify(await rowIds()) === JSON.stringify([nightlyOk.deliveryId, nightlyBusy.deliveryId]), { what: 'the two nightly deliveries' });
    expect(new URL(page.url()).search).toBe('?metadata_key=pipeline&metadata_value=nightly');

    // Live: a nightly job's delivery joins at the top (the page asks the API about its metadata); a weekly one does not.
    const weekly = await completedJob('/hooks/ci?run=4', { pipeline: 'weekly' });
    const nightlyLive = await completedJob('/hooks/ci?run=5', { pipeline: 'nightly' });
    await eventually(async () => (await rowIds())[0] === nightlyLive.deliveryId, { what: 'the new nightly delivery on top' });
    expect(await rowIds()).toEqual([nightlyLive.deliveryId, nightlyOk.deliveryId, nightlyBusy.deliveryId]);
    expect(await rowIds()).not.toContain(weekly.deliveryId);

    await filters.getByLabel('Last status code').fill('503');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(async () => JSON.stringify(await rowIds()) === JSON.stringify([nightlyBusy.deliveryId]), { what: 'the one that answered 503' });
    await screenshot(page, 'deliveries-search');

    // URL prefix and subject prefix, from the form (the subject id's start, the URL without its scheme).
    await page.goto(`${base}/dashboard`);
    await filters.getByLabel('URL starts with').fill(receiver.url('/busy').replace('http://', ''));
    await filters.getByLabel('Subject id starts with').fill(nightlyBusy.jobId.slice(0, 12));
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(async () => JSON.stringify(await rowIds()) === JSON.stringify([nightlyBusy.deliveryId]), { what: 'the /busy delivery' });
    expect(errors).toEqual([]);
  });

  it('lists jobs and runs, searchable by metadata and id prefix; "Go to id" opens a job, a delivery, or the jobs an id starts', async () => {
    const run = (await request(t.http).post('/v1/runs').send({ metadata: { pipeline: 'nightly', owner: 'ana' } }).expect(201)).body;
    await page.goto(`${base}/dashboard`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const jobs = (await request(t.http).get('/v1/jobs?metadata_key=pipeline&metadata_value=weekly').expect(200)).body.data.map((job: { id: string }) => job.id);
    expect(jobs).toHaveLength(2);
    const search = page.getByRole('search', { name: 'Search jobs' });
    await search.getByLabel('Metadata key').fill('pipeline');
    await search.getByLabel('Metadata value').fill('weekly');
    await search.getByRole('button', { name: 'Search' }).click();
    const shown = () => page.locator('table.subjects tbody tr td:first-child').allInnerTexts();
    await eventually(async () => JSON.stringify(await shown()) === JSON.stringify(jobs), { what: 'the two weekly jobs, newest first' });
    expect(await page.locator('table.subjects tbody tr').first().innerText()).toMatch(/completed\s+\{"pipeline":"weekly"\}\s+HTTP 200/);
    await screenshot(page, 'jobs-search');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('search', { name: 'Search runs' }).getByLabel('Id starts with').fill(run.id.slice(0, 10));
    await page.getByRole('search', { name: 'Search runs' }).getByRole('button', { name: 'Search' }).click();
    await eventually(async () => JSON.stringify(await shown()) === JSON.stringify([run.id]), { what: 'the run by its id prefix' });

    const goTo = async (id: string) => {
      const box = page.getByRole('search', { name: 'Go to id' });
      await box.getByLabel('Go to id').fill(id);
      await box.getByRole('button', { name: 'Go' }).click();
    };
    await goTo(jobs[0]);
    await page.getByRole('heading', { name: `Job ${jobs[0]}`, level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const [delivery] = (await request(t.http).get(`/v1/jobs/${jobs[0]}/deliveries`).expect(200)).body.data;
    await goTo(delivery.id);
    await page.getByRole('heading', { name: new RegExp(`^Delivery ${delivery.id}`), level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await goTo(jobs[1].slice(0, 13)); // the start of an id: the jobs it starts
    await eventually(async () => new URL(page.url()).pathname === '/dashboard/jobs' && (await shown()).includes(jobs[1]), { what: 'the jobs list by id prefix' });
    expect(new URL(page.url()).searchParams.get('id_prefix')).toBe(jobs[1].slice(0, 13));
    await goTo('3c2d');
    await page.getByRole('alert').filter({ hasText: 'Ids start with job-, run-, step-, dlv- (a delivery), ep- (an endpoint) or op- (a bulk redelivery).' }).waitFor({ timeout: UI_TIMEOUT });
    expect(errors).toEqual([]);
  });

  it('shows destination health per URL on the Overview, each linking to its deliveries', async () => {
    await page.goto(`${base}/dashboard/overview`);
    const table = page.getByRole('table', { name: /^Destinations with attempts in the last hour, failing first/ });
    await table.locator('tbody tr').nth(1).waitFor({ timeout: UI_TIMEOUT });
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^${escape(receiver.url('/busy/ci'))}\\s+1\\s+0\\.0 %\\s+—\\s+1\\s`));
    expect(rows[1]).toMatch(new RegExp(`^${escape(receiver.url('/hooks/ci'))}\\s+4\\s+100\\.0 %\\s+\\d+ ms\\s+0\\s`));
    await table.getByRole('link', { name: receiver.url('/busy/ci') }).click();
    await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    expect(new URL(page.url()).searchParams.get('url')).toBe(receiver.url('/busy/ci'));
    await eventually(async () => (await rowIds()).length === 1, { what: "the /busy destination's one delivery" });
    expect(errors).toEqual([]);
  });

  it("shows every attempt's request and response headers, the latest failure expanded and the others folded", async () => {
    const { deliveryId } = await completedJob('/busy/again', { pipeline: 'once' });
    await request(t.http).post(`/v1/deliveries/${deliveryId}/redeliver`).expect(202);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${deliveryId}`)).body.attempts.length === 2, { what: 'the second attempt' });
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    await request(t.http).post(`/v1/deliveries/${deliveryId}/redeliver`).expect(202);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${deliveryId}`)).body.attempts.length === 3, { what: 'the third attempt' });
    await page.goto(`${base}/dashboard/deliveries/${deliveryId}`);
    const attempts = page.getByRole('list', { name: 'Attempts, oldest first' }).locator(':scope > li');
    await attempts.nth(2).waitFor({ timeout: UI_TIMEOUT });
    const open = await attempts.evaluateAll((items) => items.map((item) => (item.querySelector('details') as HTMLDetailsElement).open));
    expect(open).toEqual([false, true, false]); // attempt 2 is the latest failure; 3 succeeded
    const latestFailure = attempts.nth(1);
    expect(await latestFailure.locator('summary').innerText()).toBe('Latest failure: request and response');
    const shownText = await latestFailure.locator('details').innerText();
    expect(shownText).toContain('retry-after: 120');
    expect(shownText).toContain('x-request-id: req-42');
    expect(shownText).toContain(`webhook-id: ${deliveryId}`);
    expect(shownText).toContain('try later');
    await screenshot(page, 'delivery-attempts');
    expect(errors).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
