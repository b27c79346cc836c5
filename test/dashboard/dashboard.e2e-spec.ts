import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { collectErrors, launchBrowser, screenshot } from '../support/browser';
import { openTestDatabase } from '../support/database';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'dashboard-test-key-7f3a';
const STEP_KEY = 'step-key-never-shown';
const UI_TIMEOUT = 10_000;

describe('the dashboard in a real browser', () => {
  let t: TestApp;
  let base: string;
  let receiver: Receiver;
  let other: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let db: DataSource;

  const startApp = async () => {
    t = await startTestApp({
      API_KEYS: KEY,
      // A failed attempt stays "retrying" for the whole test: the next one is an hour away.
      WEBHOOK_RETRY_SCHEDULE: '1h',
      WEBHOOK_SIGNING_SECRET: 'whsec_ZGFzaGJvYXJkLXRlc3Qtc2lnbmluZy1zZWNyZXQ=',
      STEP_COMPLETE_WEBHOOK: other.url('/steps'),
      STEP_COMPLETE_KEY: STEP_KEY,
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    receiver = await Receiver.start();
    other = await Receiver.start();
    browser = await launchBrowser();
    db = await openTestDatabase(1);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    await receiver.stop();
    await other.stop();
  });
  // A fresh app per test, started on emptied tables: the event feed's horizon is per process and the reset
  // restarts the numbering.
  beforeEach(async () => {
    await resetDatabase(db);
    await startApp();
    receiver.answer(() => ({ status: 200, body: 'ok' }));
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    errors = collectErrors(page);
  });
  afterEach(async () => {
    await context.close();
    await t.close();
  });

  const api = () => ({
    post: (path: string, body: object = {}) => request(t.http).post(path).set('authorization', `Bearer ${KEY}`).send(body),
    patch: (path: string, body: object) => request(t.http).patch(path).set('authorization', `Bearer ${KEY}`).send(body),
    get: (path: string) => request(t.http).get(path).set('authorization', `Bearer ${KEY}`),
  });
  async function completedJob(url: string, metadata: object = {}): Promise<{ jobId: string; deliveryId: string }> {
    const job = (await api().post('/v1/jobs', { callback_url: url, metadata }).expect(201)).body;
    await api().patch(`/v1/jobs/${job.id}`, { status: 'completed' }).expect(200);
    const [delivery] = await eventually(async () => {
      const list = (await api().get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;
      return list.length > 0 && list[0].attempt_count > 0 ? list : undefined;
    }, { what: 'the first attempt' });
    return { jobId: job.id, deliveryId: delivery.id };
  }
  async function submitKey(key: string): Promise<void> {
    await page.goto(`${base}/dashboard`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  // Waits for the signed-in landing view: the key reaches sessionStorage only after the service accepted it, so a
  // navigation straight after the click could still find the page signed out.
  async function signIn(): Promise<void> {
    await submitKey(KEY);
    await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
  }
  const chipIn = (scope: Page, text: string) => scope.getByRole('heading', { level: 1 }).getByText(text, { exact: true });

  it('asks for a key, refuses a wrong one with a clear message, accepts the right one and keeps it in sessionStorage only', async () => {
    await page.goto(`${base}/dashboard`);
    await page.getByRole('heading', { name: 'Callback deliveries' }).waitFor();
    await screenshot(page, 'sign-in');
    await submitKey('not-the-key');
    await page.getByRole('alert').filter({ hasText: 'That API key was not accepted. Check it and try again.' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const storage = await page.evaluate(() => ({ session: Object.values(sessionStorage), local: Object.keys(localStorage), url: location.href }));
    expect(storage).toEqual({ session: [KEY], local: [], url: `${base}/dashboard` });
    // The browser reports the refused check (401) itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  });

  it("shows a failing receiver's delivery as retrying with its attempts; Redeliver after recovery turns it succeeded without a reload", async () => {
    receiver.answer(() => ({ status: 503, body: 'maintenance' }));
    const { jobId, deliveryId } = await completedJob(receiver.url('/ci'), { pipeline: 42 });
    await signIn();
    await page.getByRole('link', { name: jobId }).waitFor({ timeout: UI_TIMEOUT });
    const row = page.locator(`tr[data-delivery-id="${deliveryId}"]`);
    await row.getByText('retrying', { exact: true }).waitFor();
    await screenshot(page, 'deliveries');
    await row.getByRole('link', { name: /^dlv-/ }).click();
    await chipIn(page, 'retrying').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('heading', { name: /Attempt 1: retrying HTTP 503/ }).waitFor();
    await page.getByText('Next attempt').waitFor();
    const shown = await page.locator('main').innerText();
    expect(shown).toContain('"pipeline": 42');
    expect(shown).toContain('webhook-signature: v1,');
    expect(shown).not.toContain(KEY);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await screenshot(page, 'delivery-retrying');

    receiver.answer(() => ({ status: 200, body: 'thanks' }));
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await chipIn(page, 'succeeded').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('heading', { name: /Attempt 2: succeeded HTTP 200/ }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true); // no reload
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([deliveryId, deliveryId]);
    await screenshot(page, 'delivery-redelivered');
    expect(errors).toEqual([]);
  });

  it('filters narrow the list, live in the URL, and survive a reload', async () => {
    await completedJob(receiver.url('/a'));
    const elsewhere = await completedJob(other.url('/b'));
    await signIn();
    await page.getByRole('link', { name: elsewhere.jobId }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('tbody tr').count()).toBe(2);

    await page.getByLabel('URL starts with').fill(`127.0.0.1:${other.port}`);
    await page.getByLabel('Kind').selectOption('job');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(async () => (await page.locator('tbody tr').count()) === 1, { what: 'one row left' });
    await page.getByRole('link', { name: elsewhere.jobId }).waitFor();
    expect(new URL(page.url()).search).toBe(`?kind=job&url=127.0.0.1%3A${other.port}`);

    await page.reload();
    await page.getByRole('link', { name: elsewhere.jobId }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('URL starts with').inputValue()).toBe(`127.0.0.1:${other.port}`);
    expect(await page.getByLabel('Kind').inputValue()).toBe('job');
    await page.getByRole('button', { name: 'Clear' }).click();
    await eventually(async () => (await page.locator('tbody tr').count()) === 2, { what: 'both rows again' });
    expect(errors).toEqual([]);
  });

  it("a job's page shows its state, metadata, events in order and deliveries; a run's page its steps; a step's its metrics", async () => {
    const job = (await api().post('/v1/jobs', { callback_url: receiver.url('/j'), metadata: { team: 'ci' } }).expect(201)).body;
    await api().patch(`/v1/jobs/${job.id}`, { status: 'running' }).expect(200);
    await api().patch(`/v1/jobs/${job.id}`, { status: 'completed', metadata: { result: 'green' } }).expect(200);
    await signIn();
    await page.goto(`${base}/dashboard/jobs/${job.id}`);
    await chipIn(page, 'completed').waitFor({ timeout: UI_TIMEOUT });
    const events = page.getByRole('list', { name: 'Events, in order' }).getByRole('heading');
    expect(await events.allInnerTexts()).toEqual(['1. JobCreated', '2. JobStarted', '3. JobMetadataChanged', '4. JobCompleted']);
    expect(await page.locator('main pre').first().innerText()).toBe(JSON.stringify({ team: 'ci', result: 'green' }, null, 2));
    await page.getByRole('table', { name: 'Deliveries about this job' }).getByText('succeeded', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'job');

    const run = (await api().post('/v1/runs', { agent_id: 'agent-9' }).expect(201)).body;
    const step = (await api().post(`/v1/runs/${run.id}/steps`, { metadata: { tool: 'search' } }).expect(201)).body;
    await api().patch(`/v1/steps/${step.id}`, { status: 'failed', error: 'tool timed out', metrics: { tokens_out: 80, duration_ms: 30000.25, tokens_in: 1512 } }).expect(200);
    const quiet = (await api().post(`/v1/runs/${run.id}/steps`, {}).expect(201)).body;
    await page.goto(`${base}/dashboard/runs/${run.id}`);
    const steps = page.getByRole('table', { name: 'Steps in the order they were added' });
    await steps.getByRole('link', { name: step.id }).waitFor({ timeout: UI_TIMEOUT });
    const rows = steps.locator('tbody tr');
    expect(await rows.first().locator('td').allInnerTexts()).toEqual([
      step.id, 'failed', expect.any(String), expect.any(String), 'tool timed out', 'tokens_in 1,512 · tokens_out 80 · duration_ms 30,000.25',
    ]);
    expect(await rows.filter({ has: page.getByRole('link', { name: quiet.id }) }).locator('td').last().innerText()).toBe('—');
    await screenshot(page, 'run');
    await steps.getByRole('link', { name: step.id }).click();
    await chipIn(page, 'failed').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('table', { name: 'Deliveries about this step' }).getByText('succeeded', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('main').innerText()).not.toContain(STEP_KEY);
    const metrics = page.getByRole('table', { name: 'Metrics the step reported when it completed' });
    expect(await metrics.locator('tbody tr').allInnerTexts()).toEqual(['tokens_in\t1,512', 'tokens_out\t80', 'duration_ms\t30,000.25']);
    await screenshot(page, 'step');
    await page.goto(`${base}/dashboard/steps/${quiet.id}`);
    await page.getByText('No metrics reported.').waitFor({ timeout: UI_TIMEOUT });
    expect(errors).toEqual([]);
  });

  it('the live stream shows a delivery created after the page opened, without a reload', async () => {
    await signIn();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText('No deliveries.').waitFor();
    const { jobId } = await completedJob(receiver.url('/live'));
    const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: jobId }) });
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('redelivers with the keyboard alone', async () => {
    receiver.answer(() => ({ status: 500, body: 'down' }));
    const { deliveryId } = await completedJob(receiver.url('/kbd'));
    await signIn();
    await page.goto(`${base}/dashboard/deliveries/${deliveryId}`);
    await chipIn(page, 'retrying').waitFor({ timeout: UI_TIMEOUT });
    receiver.answer(() => ({ status: 200 }));
    let focused = '';
    for (let presses = 0; presses < 25 && focused !== 'BUTTON Redeliver'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim()}`);
    }
    expect(focused).toBe('BUTTON Redeliver');
    await page.keyboard.press('Enter');
    await chipIn(page, 'succeeded').waitFor({ timeout: UI_TIMEOUT });
    expect(errors).toEqual([]);
  });

  it('the overview shows outcomes, latency, the backlog and destinations; every view fits a 390-px phone', async () => {
    await completedJob(receiver.url('/fine'));
    receiver.answer(() => ({ status: 410, body: 'gone' }));
    await completedJob(receiver.url('/gone'));
    await signIn();
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: /1 succeeded, 0 retrying, 1 dead-lettered/ }).waitFor({ timeout: UI_TIMEOUT });
    const destinations = page.getByRole('table', { name: /^Destinations with attempts in the last hour, failing first/ });
    // One row per URL, the failing one first (the host alone merged both into one 50 % rate).
    const rows = await destinations.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${receiver.port}/gone\\s+1\\s+0\\.0 %`));
    expect(rows[1]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${receiver.port}/fine\\s+1\\s+100\\.0 %`));
    await page.getByText('dead letters').waitFor();
    await screenshot(page, 'overview');

    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['', '/overview']) {
      await page.goto(`${base}/dashboard${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: UI_TIMEOUT });
      expect([path, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([path, 390]);
    }
    await page.goto(`${base}/dashboard`);
    await page.locator('tbody tr').first().waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'deliveries-phone');
    expect(errors).toEqual([]);
  });
});
