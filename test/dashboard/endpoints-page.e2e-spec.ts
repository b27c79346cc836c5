import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { verified } from '../endpoints/endpoint-helpers';
import { collectErrors, launchBrowser, screenshot } from '../support/browser';
import { openTestDatabase } from '../support/database';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'endpoints-page-key-93d1';
const UI_TIMEOUT = 10_000;
const PHONE = { width: 390, height: 844 };

/** The Endpoints page against the real service and real receivers: what an operator does with an endpoint. */
describe('the endpoints page, in a real browser', () => {
  let t: TestApp;
  let base: string;
  let receiver: Receiver;
  let other: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let db: DataSource;

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
  // A fresh app per test on emptied tables: the feed's horizon, and so the fan-out's cursors, are per process.
  beforeEach(async () => {
    await resetDatabase(db);
    t = await startTestApp({ API_KEYS: KEY });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    errors = collectErrors(page);
  });
  afterEach(async () => {
    await context.close();
    await t.close();
  });

  const api = {
    get: (path: string) => request(t.http).get(path).set('authorization', `Bearer ${KEY}`),
    post: (path: string, body: object) => request(t.http).post(path).set('authorization', `Bearer ${KEY}`).send(body),
    patch: (path: string, body: object) => request(t.http).patch(path).set('authorization', `Bearer ${KEY}`).send(body),
  };
  async function signIn(): Promise<void> {
    await page.goto(`${base}/dashboard`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
  }
  const heading = () => page.getByRole('heading', { level: 1 });
  const notice = () => page.locator('main [role="status"].notice');
  const secretShown = () => page.getByLabel('Current secret', { exact: true });
  /** The page's endpoint id, from its URL, once the endpoint page is open. */
  const endpointIdInUrl = () => eventually(() => /\/dashboard\/endpoints\/(ep-[^/]+)$/.exec(new URL(page.url()).pathname)?.[1], { what: "the endpoint's page" });

  it('creates an endpoint (the service’s 400 beside the form), lists it, reveals its secret only on request, rotates it, pauses, edits and deletes it', async () => {
    const eventTypes: string[] = (await api.get('/v1/event-types').expect(200)).body.data.map((type: { name: string }) => type.name);
    await signIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Endpoints' }).click();
    await page.getByText('No endpoints yet.').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('link', { name: 'New endpoint' }).click();
    await page.getByRole('heading', { name: 'New endpoint' }).waitFor({ timeout: UI_TIMEOUT });

    // The form leaves validity to the service: its 400 names the field, shown in the form, the field marked and focused.
    await page.getByLabel('URL').fill('not a url');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('alert').filter({ hasText: /^Could not save the endpoint: url must be an absolute http\(s\) URL.*\(HTTP 400\)$/ }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('URL').evaluate((input) => input === document.activeElement)).toBe(true);
    await page.getByLabel('URL').fill(receiver.url('/ep'));
    await page.getByLabel('Description').fill('on-call monitor');
    await page.getByLabel('Only the types chosen below').check();
    // The checkboxes are the types GET /v1/event-types lists; none chosen is the service's 400 too.
    const boxes = page.getByRole('list', { name: 'Event types to receive' }).getByRole('checkbox');
    expect(await boxes.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(eventTypes);
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('alert').filter({ hasText: 'event_types must be a list of 1 to 50 event types' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('fieldset').getAttribute('aria-describedby')).toBe('endpoint-form-error');
    await page.getByRole('checkbox', { name: /^job\.completed/ }).check();
    await page.getByRole('checkbox', { name: /^job\.failed/ }).check();
    await screenshot(page, 'endpoint-new');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const id = await endpointIdInUrl();
    await heading().getByText('enabled', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect((await api.get(`/v1/endpoints/${id}`).expect(200)).body).toMatchObject({
      url: receiver.url('/ep'), description: 'on-call monitor', event_types: ['job.completed', 'job.failed'], enabled: true,
    });
    expect((await api.get('/v1/endpoints').expect(200)).body.data).toHaveLength(1); // one create, whatever the 400s before it

    // The secret is not in the page, and was not asked for, until "Reveal secret".
    const { secret } = (await api.get(`/v1/endpoints/${id}/secret`).expect(200)).body;
    const secretRequests: string[] = [];
    page.on('request', (sent) => void (sent.url().endsWith('/secret') && secretRequests.push(sent.method())));
    await page.getByText('Last rotated: never.').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await secretShown().count()).toBe(0);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    expect(await secretShown().inputValue({ timeout: UI_TIMEOUT })).toBe(secret);
    expect(secretRequests).toEqual(['GET']);
    await screenshot(page, 'endpoint-secret-revealed');
    await page.getByRole('button', { name: 'Hide secret' }).click();
    await secretShown().waitFor({ state: 'detached' });

    // Rotation asks first (focus on "Back"), then says until when the previous secret keeps signing.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Back');
    const rotation = page.waitForResponse((answer) => answer.url().endsWith(`/v1/endpoints/${id}/secret/rotate`));
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await (await rotation).json();
    await dialog.waitFor({ state: 'detached' });
    await notice().filter({ hasText: 'The previous secret keeps signing beside the new one until' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await notice().locator('time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime'))))
      .toEqual([rotated.rotated_at, rotated.previous_secret_expires_at]);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.parse(rotated.rotated_at)).toBe(24 * 3_600_000);
    await screenshot(page, 'endpoint-secret-rotated');
    await page.getByText('Last rotated: never.').waitFor({ state: 'detached' });
    const { secret: renewed } = (await api.get(`/v1/endpoints/${id}/secret`).expect(200)).body;
    expect(renewed).not.toBe(secret);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    expect(await secretShown().inputValue({ timeout: UI_TIMEOUT })).toBe(renewed);
    await page.getByRole('button', { name: 'Hide secret' }).click();

    // Pause and resume: the state in the heading, the list and the API.
    await page.getByRole('button', { name: 'Pause' }).click();
    await heading().getByText('paused through the API').waitFor({ timeout: UI_TIMEOUT });
    await notice().filter({ hasText: 'Paused:' }).waitFor();
    expect((await api.get(`/v1/endpoints/${id}`).expect(200)).body).toMatchObject({ enabled: false, disabled_reason: 'paused through the API', disabled_cause: 'paused' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Endpoints' }).click();
    const row = page.locator(`tr[data-endpoint-id="${id}"]`);
    await row.getByText('no attempts').waitFor({ timeout: UI_TIMEOUT }); // its health, read per listed endpoint
    expect(await row.locator('td').allInnerTexts()).toEqual([
      receiver.url('/ep'), 'disabled paused through the API', 'disabled no attempts', 'job.completed, job.failed', 'on-call monitor', expect.stringMatching(/\d{2}:\d{2}:\d{2}/),
    ]);
    await screenshot(page, 'endpoints');
    await row.getByRole('link', { name: receiver.url('/ep') }).click();
    await page.getByRole('button', { name: 'Resume' }).click();
    await heading().getByText('enabled', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect((await api.get(`/v1/endpoints/${id}`).expect(200)).body).toMatchObject({ enabled: true, disabled_reason: null, disabled_cause: null });

    // Edit: the form opens with what the endpoint has; only what changed is sent.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: /^Edit endpoint/ }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByLabel('Description').inputValue()).toBe('on-call monitor');
    expect(await page.getByRole('checkbox', { name: /^job\.failed/ }).isChecked()).toBe(true);
    const patches: string[] = [];
    page.on('request', (sent) => void (sent.method() === 'PATCH' && patches.push(sent.postData() ?? '')));
    await page.getByLabel('Description').fill('night shift');
    await page.getByLabel('All event types, including ones added later').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: new RegExp(`^Endpoint ${id}`) }).waitFor({ timeout: UI_TIMEOUT });
    expect(patches.map((body) => JSON.parse(body))).toEqual([{ description: 'night shift', event_types: null }]);
    await page.getByText('all event types').waitFor();

    // Delete asks first, then the endpoint is gone from the list and the API.
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirmDelete = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await confirmDelete.getByRole('button', { name: 'Back' }).click();
    await confirmDelete.waitFor({ state: 'detached' });
    await api.get(`/v1/endpoints/${id}`).expect(200);
    await page.getByRole('button', { name: 'Delete' }).click();
    await confirmDelete.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('No endpoints yet.').waitFor({ timeout: UI_TIMEOUT });
    expect(new URL(page.url()).pathname).toBe('/dashboard/endpoints');
    await api.get(`/v1/endpoints/${id}`).expect(404);
    // The browser reports the two refused creates (400) itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(errors).toHaveLength(2);
  });

  it("shows an endpoint's deliveries live, links them to the list filtered by endpoint id, and fits a 390-px phone", async () => {
    const create = async (url: string, description: string) => (await api.post('/v1/endpoints', { url, description, event_types: ['job.*'] }).expect(201)).body;
    const monitor = await create(receiver.url('/monitor'), 'on-call monitor');
    const audit = await create(other.url('/audit'), 'audit trail');
    await signIn();
    await page.goto(`${base}/dashboard/endpoints/${monitor.id}`);
    const latest = page.getByRole('table', { name: /^Latest deliveries to this endpoint/ });
    await page.getByText('No deliveries.').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT });

    // A job completed through the API, with its own callback too: three deliveries, one on this endpoint's page.
    const job = (await api.post('/v1/jobs', { callback_url: receiver.url('/callback') }).expect(201)).body;
    await api.patch(`/v1/jobs/${job.id}`, { status: 'completed' }).expect(200);
    const ours = await eventually(async () => {
      const [found] = (await api.get(`/v1/deliveries?endpoint_id=${monitor.id}`).expect(200)).body.data;
      return found?.status === 'succeeded' && found;
    }, { what: "the monitor endpoint's delivery" });
    const rows = latest.locator('tbody tr');
    await rows.getByText('succeeded', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await rows.evaluateAll((shown) => shown.map((row) => row.getAttribute('data-delivery-id')))).toEqual([ours.id]);
    expect(ours).toMatchObject({ endpoint_id: monitor.id, event_type: 'job.completed', subject_id: job.id });
    const received = receiver.requests.find((sent) => sent.path === '/monitor')!;
    const { secret } = (await api.get(`/v1/endpoints/${monitor.id}/secret`).expect(200)).body;
    expect(verified({ secret }, received)).toMatchObject({ type: 'job.completed', data: { job_id: job.id, status: 'completed' } });
    await screenshot(page, 'endpoint');

    // The delivery names its endpoint and event type.
    await rows.getByRole('link', { name: /^dlv-/ }).click();
    await page.getByRole('link', { name: monitor.id }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('dl.facts').innerText()).toContain('job.completed');
    await page.goBack();

    // The whole list, filtered on the endpoint: its one delivery; a bulk redelivery narrows to the endpoint too.
    await page.getByRole('link', { name: 'All deliveries to this endpoint, with filters' }).click();
    await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const listed = () => page.locator('tbody tr').evaluateAll((shown) => shown.map((row) => row.getAttribute('data-delivery-id')));
    await eventually(async () => JSON.stringify(await listed()) === JSON.stringify([ours.id]), { what: "only the monitor's delivery" });
    expect(new URL(page.url()).search).toBe(`?endpoint_id=${monitor.id}`);
    expect(await page.getByLabel('Endpoint id').inputValue()).toBe(monitor.id);
    await page.getByRole('button', { name: 'Redeliver all 1 matching' }).click();
    const confirmation = page.getByRole('dialog');
    await confirmation.waitFor({ timeout: UI_TIMEOUT });
    expect(await confirmation.innerText()).toMatch(new RegExp(`Endpoint\\s+${monitor.id}`));
    await confirmation.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Clear' }).click();
    await eventually(async () => (await listed()).length === 3, { what: 'every delivery: two endpoints and the callback' });
    const [theirs] = (await api.get(`/v1/deliveries?endpoint_id=${audit.id}`).expect(200)).body.data;
    await page.getByLabel('Endpoint id').fill(audit.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(async () => JSON.stringify(await listed()) === JSON.stringify([theirs.id]), { what: "only the audit endpoint's delivery" });

    // Every endpoints view fits a 390-px phone (wide tables scroll inside their frame).
    await page.setViewportSize(PHONE);
    const views = { '/endpoints': 'endpoints-phone', '/endpoints/new': 'endpoint-new-phone', [`/endpoints/${monitor.id}/edit`]: 'endpoint-edit-phone' };
    for (const [path, name] of Object.entries(views)) {
      await page.goto(`${base}/dashboard${path}`);
      await heading().waitFor({ timeout: UI_TIMEOUT });
      expect([path, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([path, PHONE.width]);
      await screenshot(page, name);
    }
    await page.goto(`${base}/dashboard/endpoints/${monitor.id}`);
    await latest.locator('tbody tr').first().waitFor({ timeout: UI_TIMEOUT });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
    await screenshot(page, 'endpoint-phone');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'endpoint-dark');
    expect(errors).toEqual([]);
  });
});
