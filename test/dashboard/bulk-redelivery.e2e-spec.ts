import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { collectErrors, launchBrowser, screenshot } from '../support/browser';
import { openTestDatabase } from '../support/database';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'bulk-redelivery-key-5e27';
const UI_TIMEOUT = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** "Redeliver all matching" in the deliveries list: after an outage, the dead letters sent again, with live progress. */
describe('bulk redelivery from the dashboard, in a real browser', () => {
  let t: TestApp | undefined;
  let base: string;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let db: DataSource;

  beforeAll(async () => {
    browser = await launchBrowser();
    db = await openTestDatabase(1);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    receiver = await Receiver.start();
  });
  afterEach(async () => {
    await context?.close();
    await t?.close();
    await receiver.stop();
  });

  /** The service with a short retry schedule (2 attempts: a failing receiver makes dead letters fast), paced as given. */
  async function start(perSecond: number): Promise<void> {
    t = await startTestApp({ API_KEYS: KEY, WEBHOOK_RETRY_SCHEDULE: '50ms', BULK_REDELIVERY_PER_SECOND: String(perSecond) });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }
  const auth = { authorization: `Bearer ${KEY}` };
  const app = () => t!;

  /** Jobs whose callbacks reach `status` (a failing receiver: dead letters), and their delivery ids, sorted. */
  async function deliveries(count: number, status: string): Promise<string[]> {
    const jobs: string[] = [];
    for (let i = 0; i < count; i++) {
      const job = (await request(app().http).post('/v1/jobs').set(auth).send({ callback_url: receiver.url(`/hook/${i}`) }).expect(201)).body;
      await request(app().http).patch(`/v1/jobs/${job.id}`).set(auth).send({ status: 'failed' }).expect(200);
      jobs.push(job.id);
    }
    const rows = await eventually(async () => {
      const found: { id: string; status: string }[] = await db.query(`SELECT id, status FROM deliveries WHERE subject_id = ANY($1)`, [jobs]);
      return found.length === count && found.every((row) => row.status === status) && found;
    }, { what: `${count} deliveries ${status}`, timeoutMs: 30_000 });
    return rows.map((row) => row.id).sort();
  }
  async function signedIn(options: BrowserContextOptions): Promise<{ page: Page; errors: string[] }> {
    context = await browser.newContext({ locale: 'en-US', ...options });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/dashboard`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT });
    return { page, errors };
  }
  /** Every bulk redelivery request the page sends. */
  function bulkRequests(page: Page): Request[] {
    const sent: Request[] = [];
    page.on('request', (sentRequest) => {
      if (sentRequest.method() === 'POST' && new URL(sentRequest.url()).pathname === '/v1/deliveries/redeliver') sent.push(sentRequest);
    });
    return sent;
  }
  const shownIds = (page: Page) => page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-delivery-id')));
  const progress = (page: Page) => page.getByRole('region', { name: /^Bulk redelivery/ });
  const summary = (page: Page) => progress(page).getByRole('status');
  const webhookIdsSince = (from: number) => receiver.requests.slice(from).map((received) => String(received.headers['webhook-id'])).sort();
  const operations = async () => (await db.query(`SELECT id FROM operations`)).map((row: { id: string }) => row.id);

  it("the overview's dead letters, redelivered all at once: one operation however often it is confirmed, progress to done, each webhook once more", async () => {
    await start(50);
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    await deliveries(1, 'succeeded');
    receiver.answer(() => ({ status: 503, body: 'down' }));
    const dead = await deliveries(4, 'dead_lettered');
    receiver.answer(() => ({ status: 200, body: 'back' }));
    const before = receiver.requests.length;

    const { page, errors } = await signedIn({ viewport: { width: 1280, height: 800 } });
    const sent = bulkRequests(page);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('link', { name: 'see the dead letters' }).click();
    await eventually(async () => JSON.stringify((await shownIds(page)).sort()) === JSON.stringify(dead), { what: 'the four dead letters' });
    await page.getByRole('button', { name: 'Redeliver all 4 matching' }).click();
    const dialog = page.getByRole('dialog', { name: 'Redeliver all 4 matching deliveries?' });
    await dialog.waitFor();
    expect(await dialog.locator('dt').allInnerTexts()).toEqual(['Status']);
    expect(await dialog.locator('dd').allInnerTexts()).toEqual(['dead letter']);
    expect(await dialog.getByText('4 match now, as listed.').count()).toBe(1);
    await screenshot(page, 'bulk-redelivery-confirm', { firstScreen: true });

    // A double click's two clicks land before the page re-renders: two requests, one key, one operation.
    await dialog.getByRole('button', { name: 'Start redelivery' }).evaluate((button: HTMLButtonElement) => (button.click(), button.click()));
    await progress(page).waitFor({ timeout: UI_TIMEOUT });
    await eventually(() => sent.length === 2, { what: 'both requests' });
    const keys = sent.map((one) => one.headers()['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    expect(sent.map((one) => one.postDataJSON())).toEqual([{ status: 'dead_lettered' }, { status: 'dead_lettered' }]);
    const [operationId] = await operations();
    expect(await operations()).toEqual([operationId]);
    expect(new URL(page.url()).searchParams.get('operation')).toBe(operationId);

    await summary(page).filter({ hasText: 'Done: 4 of 4 scheduled; 4 delivered, 0 failed again.' }).waitFor({ timeout: UI_TIMEOUT });
    const bar = progress(page).getByRole('progressbar', { name: 'Scheduled 4 of 4' });
    expect(await bar.evaluate((element: HTMLProgressElement) => [element.value, element.max])).toEqual([4, 4]);
    expect(await progress(page).locator('.tally').innerText()).toBe('Matched\n4\nScheduled\n4\nSucceeded\n4\nFailed\n0');
    expect((await request(app().http).get(`/v1/operations/${operationId}`).set(auth).expect(200)).body).toEqual({
      id: operationId, kind: 'redelivery', state: 'done', filter: { status: 'dead_lettered' }, matched: 4, scheduled: 4, succeeded: 4, failed: 0,
      created_at: expect.any(String), finished_at: expect.any(String),
    });
    // Each dead letter was sent once more, under its own webhook-id; the delivery that had succeeded was not.
    expect(webhookIdsSince(before)).toEqual(dead);
    // They are no longer dead letters: the list follows them out, and with nothing left to match, the button goes.
    await eventually(async () => (await shownIds(page)).length === 0, { what: 'the list of dead letters emptied' });
    expect(await page.getByRole('button', { name: /^Redeliver all/ }).count()).toBe(0);
    await screenshot(page, 'bulk-redelivery-done', { firstScreen: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await screenshot(page, 'bulk-redelivery-done-phone', { firstScreen: true });

    await progress(page).getByRole('button', { name: 'Close' }).click();
    await progress(page).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(new URL(page.url()).search).toBe('?status=dead_lettered');
    expect(webhookIdsSince(before)).toEqual(dead);
    expect(errors).toEqual([]);
  });

  it('more than a page matches: the count comes when it starts; a reload keeps following; Cancel stops it (dark theme)', async () => {
    await start(5); // one delivery every 200 ms: 40 take 8 s
    receiver.answer(() => ({ status: 503, body: 'down' }));
    const dead = await deliveries(40, 'dead_lettered');
    receiver.answer(() => ({ status: 200, body: 'back' }));
    const before = receiver.requests.length;

    const { page, errors } = await signedIn({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await page.goto(`${base}/dashboard?status=dead_lettered`);
    await eventually(async () => (await shownIds(page)).length === 25, { what: 'the first page of dead letters' });
    await page.getByRole('button', { name: 'Redeliver all matching' }).click();
    const dialog = page.getByRole('dialog', { name: 'Redeliver all matching deliveries?' });
    // The dialog opens on the next render, not within the click (CI at load: counted 0 before it showed).
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    expect(await dialog.getByText('More than the 25 shown on this page match', { exact: false }).count()).toBe(1);
    await screenshot(page, 'bulk-redelivery-confirm-dark', { firstScreen: true });
    await dialog.getByRole('button', { name: 'Start redelivery' }).click();
    await summary(page).filter({ hasText: /^Running: \d+ of 40 scheduled/ }).waitFor({ timeout: UI_TIMEOUT });
    const [operationId] = await operations();

    await page.reload();
    // The panel follows it: the bar moves while it runs (3 of 40 scheduled is 0.6 s of batches in).
    await summary(page).filter({ hasText: /^Running: ([3-9]|[1-3]\d) of 40 scheduled/ }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'bulk-redelivery-running-dark', { firstScreen: true });
    await progress(page).getByRole('button', { name: 'Cancel redelivery' }).click();
    await summary(page).filter({ hasText: /^Cancelled: / }).waitFor({ timeout: UI_TIMEOUT });
    expect(await progress(page).getByRole('button', { name: 'Cancel redelivery' }).count()).toBe(0);
    const cancelled = (await request(app().http).get(`/v1/operations/${operationId}`).set(auth).expect(200)).body;
    expect(cancelled).toMatchObject({ state: 'cancelled', matched: 40, finished_at: expect.any(String) });
    expect(cancelled.scheduled).toBeLessThan(40);

    // What was asked for before the cancel is delivered, once each; the progress settles on it.
    const settled = `Cancelled: ${cancelled.scheduled} of 40 scheduled; ${cancelled.scheduled} delivered, 0 failed again.`;
    await summary(page).filter({ hasText: settled }).waitFor({ timeout: UI_TIMEOUT });
    const redelivered = webhookIdsSince(before);
    expect(redelivered).toHaveLength(cancelled.scheduled);
    expect(new Set(redelivered).size).toBe(cancelled.scheduled);
    expect(redelivered.every((id) => dead.includes(id))).toBe(true);
    expect((await request(app().http).get(`/v1/operations/${operationId}`).set(auth).expect(200)).body.scheduled).toBe(cancelled.scheduled);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.operation')!).backgroundColor)).toBe('rgb(22, 30, 41)');
    await screenshot(page, 'bulk-redelivery-cancelled-dark', { firstScreen: true });
    expect(errors).toEqual([]);
  });

  it("what the service refuses is shown with its message, and the same confirmation's retry starts one operation; a status it cannot take disables the button", async () => {
    await start(50);
    receiver.answer(() => ({ status: 503, body: 'down' }));
    const dead = await deliveries(2, 'dead_lettered');
    receiver.answer(() => ({ status: 200, body: 'back' }));
    const { page, errors } = await signedIn({ viewport: { width: 1280, height: 800 } });

    // An old link's `failed` (retrying or dead letter) is no status the bulk endpoint takes.
    await page.goto(`${base}/dashboard?status=failed`);
    await eventually(async () => (await shownIds(page)).length === 2, { what: 'the failed deliveries' });
    const disabled = page.getByRole('button', { name: 'Redeliver all 2 matching' });
    expect(await disabled.isDisabled()).toBe(true);
    expect(await disabled.getAttribute('aria-describedby')).toBe('bulk-unavailable');
    expect(await page.locator('#bulk-unavailable').innerText()).toBe(
      'Bulk redelivery takes deliveries that are pending, retrying, succeeded or dead letters, not "failed": choose one of those statuses.',
    );

    await page.goto(`${base}/dashboard?status=dead_lettered&kind=job`);
    await eventually(async () => (await shownIds(page)).length === 2, { what: 'the dead letters' });
    const sent = bulkRequests(page);
    // The service's own answer to a filter it refuses (the request altered on its way: the page never sends one).
    await page.route('**/v1/deliveries/redeliver', (route) => route.continue({ postData: JSON.stringify({ status: 'delivering' }) }));
    // With the keyboard: focus opens on "Back", so a second Enter does not start anything; Escape closes.
    const opener = page.getByRole('button', { name: 'Redeliver all 2 matching' });
    const focusIsOnOpener = () => opener.evaluate((button) => button === document.activeElement);
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Redeliver all 2 matching deliveries?' });
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(sent).toEqual([]);
    // Focus goes back to the button that opened it, after the dialog has gone (a CI run at load pressed Enter between).
    await eventually(focusIsOnOpener, { what: 'focus back on "Redeliver all 2 matching"' });
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Redeliver all 2 matching' }).click();
    await dialog.getByRole('button', { name: 'Start redelivery' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor({ timeout: UI_TIMEOUT });
    expect(await alert.innerText()).toBe(
      'Could not start the redelivery: status must be one of the following values: pending, retrying, succeeded, dead_lettered (HTTP 400)',
    );
    expect(await operations()).toEqual([]);

    await page.unroute('**/v1/deliveries/redeliver');
    await dialog.getByRole('button', { name: 'Start redelivery' }).click();
    await summary(page).filter({ hasText: 'Done: 2 of 2 scheduled; 2 delivered, 0 failed again.' }).waitFor({ timeout: UI_TIMEOUT });
    expect(sent.map((one) => one.headers()['idempotency-key'])).toEqual([sent[0].headers()['idempotency-key'], sent[0].headers()['idempotency-key']]);
    expect(sent[1].postDataJSON()).toEqual({ status: 'dead_lettered', kind: 'job' });
    const [operationId] = await operations();
    expect((await request(app().http).get(`/v1/operations/${operationId}`).set(auth).expect(200)).body.filter).toEqual({ status: 'dead_lettered', kind: 'job' });
    expect((await operations()).length).toBe(1);
    expect(dead).toHaveLength(2);
    expect(errors.filter((error) => !error.includes('400 (Bad Request)'))).toEqual([]);
  });
});
