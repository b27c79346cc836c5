import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { collectErrors, launchBrowser, screenshot } from '../support/browser';
import { openTestDatabase } from '../support/database';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'dashboard-incident-key-41c9';
const UI_TIMEOUT = 10_000;

/** The dashboard while many deliveries change: order, paging, and what an operator sees at night and on a phone. */
describe('the dashboard during an incident, in a real browser', () => {
  let t: TestApp;
  let base: string;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let db: DataSource;

  beforeAll(async () => {
    receiver = await Receiver.start();
    browser = await launchBrowser();
    db = await openTestDatabase(1);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    await receiver.stop();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    // A failed attempt stays "retrying" for the whole test: the next one is an hour away.
    t = await startTestApp({ API_KEYS: KEY, WEBHOOK_RETRY_SCHEDULE: '1h' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    receiver.answer(() => ({ status: 200, body: 'ok' }));
  });
  afterEach(async () => {
    await context?.close();
    await t.close();
  });

  const auth = { authorization: `Bearer ${KEY}` };
  async function completedJob(path: string): Promise<{ jobId: string; deliveryId: string }> {
    const job = (await request(t.http).post('/v1/jobs').set(auth).send({ callback_url: receiver.url(path) }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).set(auth).send({ status: 'completed' }).expect(200);
    const [delivery] = await eventually(async () => {
      const list = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).set(auth).expect(200)).body.data;
      return list.length > 0 && list[0].attempt_count > 0 ? list : undefined;
    }, { what: 'the first attempt' });
    return { jobId: job.id, deliveryId: delivery.id };
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
  const shownIds = (page: Page) => page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-delivery-id')));

  it('a redelivered old delivery stays on its own page; a new one joins the top without pushing a row off; paging neither repeats nor skips', async () => {
    receiver.answer(() => ({ status: 410, body: 'gone' }));
    const old = await completedJob('/old'); // dead-lettered, the oldest of all
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    const newer: string[] = [];
    for (let i = 0; i < 25; i++) newer.unshift((await completedJob(`/n${i}`)).deliveryId);
    const { page, errors } = await signedIn({ viewport: { width: 1280, height: 800 } });
    await eventually(async () => (await shownIds(page)).length === 25, { what: 'the first page' });
    expect(await shownIds(page)).toEqual(newer);

    // The old delivery is redelivered and succeeds: it changes where it is (the next page), not on this one.
    await request(t.http).post(`/v1/deliveries/${old.deliveryId}/redeliver`).set(auth).expect(202);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${old.deliveryId}`).set(auth)).body.status === 'succeeded', {
      what: 'the redelivery',
    });
    // The stream is in order: once a delivery created after the redelivery shows, the redelivery's events were read.
    const fresh = await completedJob('/fresh');
    await page.locator(`tr[data-delivery-id="${fresh.deliveryId}"]`).getByText('succeeded', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await shownIds(page)).toEqual([fresh.deliveryId, ...newer]);
    await page.getByRole('table', { name: 'Deliveries, newest first (1 arrived since the page opened)' }).waitFor();

    await page.getByRole('button', { name: 'Older' }).click();
    await eventually(async () => (await shownIds(page))[0] === old.deliveryId, { what: 'the older page' });
    expect(await shownIds(page)).toEqual([old.deliveryId]);
    await page.locator(`tr[data-delivery-id="${old.deliveryId}"]`).getByText('succeeded', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Older' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the overview links its dead letters, and the list shows exactly those', async () => {
    await completedJob('/fine');
    receiver.answer(() => ({ status: 503, body: 'busy' }));
    const retrying = await completedJob('/busy');
    receiver.answer(() => ({ status: 410, body: 'gone' }));
    const dead = await completedJob('/gone');
    const { page, errors } = await signedIn({ viewport: { width: 1280, height: 800 } });
    await eventually(async () => (await shownIds(page)).length === 3, { what: 'three deliveries' });
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('link', { name: 'see the dead letters' }).click();
    await eventually(async () => JSON.stringify(await shownIds(page)) === JSON.stringify([dead.deliveryId]), { what: 'only the dead letter' });
    expect(new URL(page.url()).search).toBe('?status=dead_lettered');
    expect(await page.locator('tbody tr').getByText('dead letter', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel(/^Status/).inputValue()).toBe('dead_lettered');

    await page.getByLabel(/^Status/).selectOption('retrying');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(async () => JSON.stringify(await shownIds(page)) === JSON.stringify([retrying.deliveryId]), { what: 'only the retrying one' });
    expect(errors).toEqual([]);
  });

  it('at 1280 px the filter panel holds its fields and buttons; at 390 px the filters fold and the first screen shows deliveries', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.unshift((await completedJob(`/p${i}`)).deliveryId);
    const { page, errors } = await signedIn({ viewport: { width: 1280, height: 800 } });
    const panel = page.getByRole('search', { name: 'Filter deliveries' });
    const inside = await panel.evaluate((form) => {
      const frame = form.getBoundingClientRect();
      return [...form.querySelectorAll('label, button')].every((child) => {
        const box = child.getBoundingClientRect();
        return box.left >= frame.left && box.right <= frame.right && box.bottom <= frame.bottom;
      });
    });
    expect(inside).toBe(true);
    expect(await page.getByRole('button', { name: /^Filters/ }).isVisible()).toBe(false);
    await screenshot(page, 'deliveries-wide', { firstScreen: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/dashboard?kind=job`);
    await page.locator('tbody tr').first().waitFor({ timeout: UI_TIMEOUT });
    expect(await panel.isVisible()).toBe(false);
    const lastRow = await page.locator('tbody tr').last().boundingBox();
    expect(lastRow!.y + lastRow!.height).toBeLessThanOrEqual(844); // every row of the three, without scrolling
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await screenshot(page, 'deliveries-phone-first-screen', { firstScreen: true });
    await page.getByRole('button', { name: 'Filters (1 active)' }).click();
    await panel.waitFor();
    expect(await page.getByLabel('Kind').inputValue()).toBe('job');
    expect(await page.getByRole('button', { name: 'Filters (1 active)' }).getAttribute('aria-expanded')).toBe('true');
    expect(errors).toEqual([]);
  });

  it("dark theme; times in the viewer's zone with UTC on hover; attempt dots coloured by outcome", async () => {
    receiver.answer(() => ({ status: 503, body: 'busy' }));
    const { deliveryId } = await completedJob('/night');
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    await request(t.http).post(`/v1/deliveries/${deliveryId}/redeliver`).set(auth).expect(202);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${deliveryId}`).set(auth)).body.status === 'succeeded', { what: 'attempt 2' });
    const { page, errors } = await signedIn({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark', timezoneId: 'Asia/Kolkata' });
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(14, 20, 28)');
    await page.locator('tbody tr').first().waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'deliveries-dark');

    await page.goto(`${base}/dashboard/deliveries/${deliveryId}`);
    await page.getByRole('heading', { name: /Attempt 2: succeeded HTTP 200/ }).waitFor({ timeout: UI_TIMEOUT });
    const detail = (await request(t.http).get(`/v1/deliveries/${deliveryId}`).set(auth)).body;
    const started = page.getByRole('list', { name: 'Attempts, oldest first' }).locator('time').first();
    const utc = new Date(detail.attempts[0].started_at);
    expect(await started.getAttribute('title')).toBe(utc.toISOString().replace('T', ' ').replace('Z', ' UTC'));
    const local = new Date(utc.getTime() + 330 * 60_000); // Asia/Kolkata is UTC+5:30, no daylight saving
    const clock = local.toISOString().slice(11, 19).split(':');
    const hour12 = ((Number(clock[0]) + 11) % 12) + 1;
    expect(await started.innerText()).toContain(`${String(hour12).padStart(2, '0')}:${clock[1]}:${clock[2]}`);
    expect(await started.innerText()).toContain('GMT+5:30');
    const dots = await page
      .getByRole('list', { name: 'Attempts, oldest first' })
      .locator('li')
      .evaluateAll((items) => items.map((item) => getComputedStyle(item, '::before').backgroundColor));
    expect(dots).toEqual(['rgb(232, 176, 58)', 'rgb(63, 191, 115)']); // retrying, succeeded (the dark theme's colours)
    await screenshot(page, 'delivery-dark');

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: /1 succeeded, 1 retrying, 0 dead-lettered/ }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'overview-dark');
    expect(errors).toEqual([]);
  });
});
