import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { verified } from '../endpoints/endpoint-helpers';
import { collectErrors, launchBrowser, screenshot, waitShowing } from '../support/browser';
import { openTestDatabase } from '../support/database';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'endpoint-health-key-5c2e';
const UI_TIMEOUT = 10_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * What the endpoint's page tells an operator beyond its settings — its health, a test event, its rate limit and
 * retry schedule, the previous secret's last hours, and the service disabling it — against real receivers.
 */
describe("an endpoint's health, test event and delivery settings, in a real browser", () => {
  let t: TestApp;
  let base: string;
  let receiver: Receiver;
  /** What the receiver answers now; a test changes it as its story goes. */
  let status = 200;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let db: DataSource;

  beforeAll(async () => {
    receiver = (await Receiver.start()).answer(() => ({ status, body: status === 200 ? 'thanks' : 'receiver down' }));
    browser = await launchBrowser();
    db = await openTestDatabase(1);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    await receiver.stop();
  });
  afterEach(async () => {
    await context?.close();
    await t?.close();
  });

  /** A fresh app on emptied tables (the settings differ by test), and a signed-in page. */
  async function start(env: Record<string, string> = {}): Promise<void> {
    status = 200;
    await resetDatabase(db);
    t = await startTestApp({ API_KEYS: KEY, ...env });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    context = await browser.newContext({ locale: 'en-US', viewport: DESKTOP });
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(`${base}/dashboard`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitShowing(page, page.getByRole('heading', { name: 'Deliveries', level: 1 }), errors, UI_TIMEOUT);
  }

  const api = {
    get: (path: string) => request(t.http).get(path).set('authorization', `Bearer ${KEY}`),
    post: (path: string, body: object) => request(t.http).post(path).set('authorization', `Bearer ${KEY}`).send(body),
    patch: (path: string, body: object) => request(t.http).patch(path).set('authorization', `Bearer ${KEY}`).send(body),
  };
  const createEndpoint = async (body: object) => (await api.post('/v1/endpoints', body).expect(201)).body;
  const completeJob = async (jobStatus: string) => {
    const job = (await api.post('/v1/jobs', {}).expect(201)).body;
    return (await api.patch(`/v1/jobs/${job.id}`, { status: jobStatus }).expect(200)).body;
  };
  const deliveriesOf = async (endpointId: string) => (await api.get(`/v1/deliveries?endpoint_id=${endpointId}`).expect(200)).body.data;
  const heading = () => page.getByRole('heading', { level: 1 });
  const healthHeading = () => page.getByRole('heading', { name: /^Health/, level: 2 });
  const healthFigures = () => page.locator('dl[aria-label="Health figures"]');
  const openEndpoint = async (id: string) => {
    await page.goto(`${base}/dashboard/endpoints/${id}`);
    // Loaded: its heading names it and its state (an error shows the heading without a state).
    await waitShowing(page, page.getByRole('heading', { level: 1, name: new RegExp(`^Endpoint ${id} (enabled|disabled)`) }), errors, UI_TIMEOUT);
  };
  const fitsWidth = async (width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);

  it('shows the health of a receiver that answered 200 then 500, sends test events, and sets a rate limit and retry schedule (the 400 under its field)', async () => {
    await start();
    const monitor = await createEndpoint({ url: receiver.url('/monitor'), description: 'on-call monitor', event_types: ['job.*'] });
    const quiet = await createEndpoint({ url: receiver.url('/quiet'), event_types: ['step.failed'] });
    await openEndpoint(monitor.id);
    expect(await factsOf(healthFigures())).toMatchObject({ 'Success rate': 'no attempts in the last hour', 'Failing streak': 'none', 'Last success': 'never' });
    expect(await factsOf(page.locator('dl.facts').first())).toMatchObject({ 'Rate limit': 'no limit', 'Retry schedule': "the service's (WEBHOOK_RETRY_SCHEDULE)" });
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT });

    // One delivery answered 200, then one answered 500 on its attempt and both retries (WEBHOOK_RETRY_SCHEDULE
    // 100ms,200ms): 4 attempts, 1 succeeded, the last 3 failed. The page reads its health again as each lands.
    await completeJob('completed');
    await eventually(async () => (await deliveriesOf(monitor.id))[0]?.status === 'succeeded', { what: 'the first delivery succeeded' });
    status = 500;
    await completeJob('failed');
    await eventually(async () => (await deliveriesOf(monitor.id)).some((delivery: { status: string }) => delivery.status === 'dead_lettered'), { what: 'the second delivery dead-lettered' });
    const health = (await api.get(`/v1/endpoints/${monitor.id}/health`).expect(200)).body;
    expect(health).toMatchObject({ state: 'failing', attempts: 4, success_rate: 0.25, failing_streak: 3 });
    await healthHeading().getByText('failing', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await healthFigures().getByText('25 % of 4 attempts').waitFor({ timeout: UI_TIMEOUT });
    expect(await factsOf(healthFigures())).toEqual({
      'Success rate': '25 % of 4 attempts',
      'Duration p50 / p99': expect.stringMatching(/^[\d.]+ m?s \/ [\d.]+ m?s$/),
      'Failing streak': expect.stringMatching(/^3 failed attempts in a row, since .*\d{2}:\d{2}:\d{2}/),
      'Last success': expect.stringMatching(/\d{2}:\d{2}:\d{2}.*\((just now|.+ ago)\)$/),
      'Last failure': expect.stringMatching(/\d{2}:\d{2}:\d{2}.*\((just now|.+ ago)\)$/),
    });
    expect(await timesOf(healthFigures())).toEqual([health.failing_since, health.last_success_at, health.last_failure_at]);
    await screenshot(page, 'endpoint-health');

    // The list: each endpoint's state and success rate, one health request per listed endpoint.
    const healthRequests: string[] = [];
    // Only the list's own requests: counted from when the list's document is there (events come in order).
    let onList = false;
    page.on('framenavigated', (frame) => void (frame === page.mainFrame() && (onList = new URL(frame.url()).pathname === '/dashboard/endpoints')));
    page.on('request', (sent) => void (onList && sent.url().includes('/health') && healthRequests.push(new URL(sent.url()).pathname + new URL(sent.url()).search)));
    await page.goto(`${base}/dashboard/endpoints`);
    const rowOf = (id: string) => page.locator(`tr[data-endpoint-id="${id}"]`);
    await rowOf(monitor.id).getByText('25 % of 4').waitFor({ timeout: UI_TIMEOUT });
    await rowOf(quiet.id).getByText('no attempts').waitFor({ timeout: UI_TIMEOUT });
    expect((await rowOf(monitor.id).locator('td').allInnerTexts()).slice(1, 4)).toEqual(['enabled', 'failing 25 % of 4', 'job.*']);
    expect((await rowOf(quiet.id).locator('td').allInnerTexts()).slice(1, 4)).toEqual(['enabled', 'healthy no attempts', 'step.failed']);
    expect(healthRequests).toEqual(['/v1/endpoints/health?limit=25']); // one request for the page's health
    await screenshot(page, 'endpoints-health');

    // The form: the service's 400 under the field it names, then a good rate limit and retry schedule saved.
    const patches: object[] = [];
    page.on('request', (sent) => void (sent.method() === 'PATCH' && patches.push(JSON.parse(sent.postData() ?? '{}'))));
    await page.goto(`${base}/dashboard/endpoints/${monitor.id}/edit`);
    const rateLimit = page.getByLabel('Rate limit');
    const retrySchedule = page.getByLabel('Retry schedule');
    const errorUnder = (field: Locator) => page.locator('.field', { has: field }).getByRole('alert');
    await rateLimit.fill('0');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await errorUnder(rateLimit).filter({ hasText: /^Could not save the endpoint: rate_limit must be a whole number of requests per second from 1 to 10000.*\(HTTP 400\)$/ }).waitFor({ timeout: UI_TIMEOUT });
    expect(await rateLimit.getAttribute('aria-invalid')).toBe('true');
    expect(await rateLimit.evaluate((input) => input === document.activeElement)).toBe(true);
    await rateLimit.fill('20');
    await retrySchedule.fill('5s,soon');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await errorUnder(retrySchedule).filter({ hasText: /retry_schedule must be a comma-separated list of positive durations .*got "soon" \(HTTP 400\)$/ }).waitFor({ timeout: UI_TIMEOUT });
    expect([await retrySchedule.getAttribute('aria-invalid'), await rateLimit.getAttribute('aria-invalid')]).toEqual(['true', null]);
    expect(await retrySchedule.getAttribute('aria-describedby')).toBe('retry-schedule-hint endpoint-form-error');
    expect(await page.getByRole('alert').count()).toBe(1);
    expect((await api.get(`/v1/endpoints/${monitor.id}`).expect(200)).body).toMatchObject({ rate_limit: null, retry_schedule: null }); // nothing of a refused PATCH
    await screenshot(page, 'endpoint-edit-retry-schedule-refused');
    await page.setViewportSize(PHONE);
    await fitsWidth(PHONE.width);
    await screenshot(page, 'endpoint-edit-retry-schedule-refused-phone');
    await page.setViewportSize(DESKTOP);
    await retrySchedule.fill('5s,1m,10m');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: new RegExp(`^Endpoint ${monitor.id}`) }).waitFor({ timeout: UI_TIMEOUT });
    expect(patches).toEqual([{ rate_limit: 0 }, { rate_limit: 20, retry_schedule: '5s,soon' }, { rate_limit: 20, retry_schedule: '5s,1m,10m' }]);
    expect((await api.get(`/v1/endpoints/${monitor.id}`).expect(200)).body).toMatchObject({ rate_limit: 20, retry_schedule: '5s,1m,10m' });
    expect(await factsOf(page.locator('dl.facts').first())).toMatchObject({ 'Rate limit': 'at most 20 requests a second, across all replicas', 'Retry schedule': '5s, 1m, 10m (3 retries)' });

    // The previous secret: nothing said before a rotation; after one, until when it also signs.
    const secretHint = () => page.getByRole('region', { name: 'Signing secret' }).getByText('The previous secret also signs until');
    expect(await secretHint().count()).toBe(0);
    const rotated = (await api.post(`/v1/endpoints/${monitor.id}/secret/rotate`, {}).expect(200)).body;
    await page.reload();
    await secretHint().waitFor({ timeout: UI_TIMEOUT });
    expect(await secretHint().locator('time').getAttribute('datetime')).toBe(rotated.previous_secret_expires_at);
    expect(await secretHint().innerText()).toMatch(/\(in 2[34] h\)\.$/);

    // Test events: the chosen type, sent now, the receiver's answer on the page; nothing stored, no health change.
    const { secret } = (await api.get(`/v1/endpoints/${monitor.id}/secret`).expect(200)).body;
    const testSection = page.getByRole('region', { name: 'Test event' });
    const eventTypes = (await api.get('/v1/event-types').expect(200)).body.data.map((type: { name: string }) => type.name);
    expect(await testSection.getByLabel('Event type').locator('option').allInnerTexts()).toEqual(eventTypes);
    const received = () => receiver.requests.filter((sent) => sent.path === '/monitor' && JSON.parse(sent.body).test === true);
    await testSection.getByLabel('Event type').selectOption('run.failed');
    await testSection.getByRole('button', { name: 'Send test event' }).click();
    await testSection.getByRole('status').filter({ hasText: /^The test event failed after [\d.]+ m?s: HTTP 500\.$/ }).waitFor({ timeout: UI_TIMEOUT });
    const failed = await factsOf(testSection.locator('dl[aria-label="Test event result"]'));
    expect(failed).toEqual({ Outcome: 'failed', 'Status code': '500', Error: 'HTTP 500', Duration: expect.stringMatching(/^[\d.]+ m?s$/), 'webhook-id': expect.stringMatching(/^test-/), 'Response body': 'receiver down' });
    expect(received().map((sent) => [sent.headers['webhook-id'], verified({ secret }, sent).type])).toEqual([[failed['webhook-id'], 'run.failed']]);
    status = 200;
    await testSection.getByLabel('Event type').selectOption('step.success');
    await testSection.getByRole('button', { name: 'Send test event' }).click();
    await testSection.getByRole('status').filter({ hasText: /^The receiver answered 200 in [\d.]+ m?s\.$/ }).waitFor({ timeout: UI_TIMEOUT });
    const answered = await factsOf(testSection.locator('dl[aria-label="Test event result"]'));
    expect(answered).toMatchObject({ Outcome: 'succeeded', 'Status code': '200', Error: '—', 'Response body': 'thanks' });
    expect(received().map((sent) => [sent.headers['webhook-id'], verified({ secret }, sent).type])).toEqual([
      [failed['webhook-id'], 'run.failed'], [answered['webhook-id'], 'step.success'],
    ]);
    expect(await deliveriesOf(monitor.id)).toHaveLength(2);
    expect((await api.get(`/v1/endpoints/${monitor.id}/health`).expect(200)).body).toMatchObject({ attempts: 4, failing_streak: 3 });
    await screenshot(page, 'endpoint-test-event');

    // It all fits a 390-px phone (and reads in the dark theme).
    await page.setViewportSize(PHONE);
    await fitsWidth(PHONE.width);
    await screenshot(page, 'endpoint-health-phone');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'endpoint-health-phone-dark');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'endpoint-health-dark');
    await page.goto(`${base}/dashboard/endpoints`);
    await page.setViewportSize(PHONE);
    await rowOf(monitor.id).getByText('25 % of 4').waitFor({ timeout: UI_TIMEOUT });
    await fitsWidth(PHONE.width);
    await screenshot(page, 'endpoints-health-phone');
    // The browser reports the three refused PATCHes (400) itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('warns when the service disabled an endpoint (not when it was paused), and "Enable endpoint" sends what was held', async () => {
    // Its first attempt, two retries and the dead letter all fail within the 1 s after which the service disables it.
    await start({ ENDPOINT_DISABLE_AFTER: '1s' });
    const warning = () => page.getByRole('region', { name: 'Disabled by the service' });
    const paused = await createEndpoint({ url: receiver.url('/paused'), enabled: false });
    expect(paused).toMatchObject({ disabled_cause: 'paused' });
    await openEndpoint(paused.id);
    await heading().getByText('paused through the API').waitFor({ timeout: UI_TIMEOUT });
    await healthHeading().getByText('disabled', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await warning().count()).toBe(0);

    status = 500;
    const flaky = await createEndpoint({ url: receiver.url('/flaky'), event_types: ['job.*'] });
    await completeJob('failed');
    const disabled = await eventually(async () => {
      const shown = (await api.get(`/v1/endpoints/${flaky.id}`).expect(200)).body;
      return !shown.enabled && shown;
    }, { what: 'the service disabling the failing endpoint' });
    expect(disabled.disabled_reason).toMatch(/^every attempt has failed since \S+Z \(ENDPOINT_DISABLE_AFTER: 1000 ms\)$/);
    expect(disabled.disabled_cause).toBe('failing');
    await openEndpoint(flaky.id);
    await warning().waitFor({ timeout: UI_TIMEOUT });
    expect(await warning().locator('.reason').innerText()).toBe(disabled.disabled_reason);
    await heading().getByText('disabled', { exact: true }).waitFor();
    expect(await heading().innerText()).not.toContain(disabled.disabled_reason); // said once, in the warning
    await healthHeading().getByText('disabled', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await factsOf(healthFigures())).toMatchObject({ 'Success rate': '0 % of 3 attempts', 'Failing streak': expect.stringMatching(/^3 failed attempts in a row, since /) });
    await screenshot(page, 'endpoint-disabled-by-service');
    await page.setViewportSize(PHONE);
    await fitsWidth(PHONE.width);
    await screenshot(page, 'endpoint-disabled-by-service-phone');
    await page.setViewportSize(DESKTOP);

    // An event while it is disabled is held; once the receiver is back, "Enable endpoint" sends it.
    const held = await completeJob('completed');
    status = 200;
    await warning().getByRole('button', { name: 'Enable endpoint' }).click();
    await warning().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await heading().getByText('enabled', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await page.locator('main [role="status"].notice').filter({ hasText: 'Resumed:' }).waitFor();
    const sentAfter = await eventually(() => receiver.requests.find((sent) => sent.path === '/flaky' && JSON.parse(sent.body).data.job_id === held.id), { what: 'the held event sent' });
    expect(JSON.parse(sentAfter.body)).toMatchObject({ type: 'job.completed' });
    await page.getByRole('table', { name: /^Latest deliveries to this endpoint/ }).getByText('succeeded', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await healthHeading().getByText('healthy', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(errors).toEqual([]);
  });

  it('says the previous secret also signs only until its time, and drops that when the time passes', async () => {
    await start({ ENDPOINT_SECRET_OVERLAP: '2s' });
    const endpoint = await createEndpoint({ url: receiver.url('/rotating') });
    await openEndpoint(endpoint.id);
    const secretHint = () => page.getByRole('region', { name: 'Signing secret' }).getByText('The previous secret also signs until');
    await page.getByText('Last rotated: never.').waitFor({ timeout: UI_TIMEOUT });
    expect(await secretHint().count()).toBe(0);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotation = page.waitForResponse((answer) => answer.url().endsWith('/secret/rotate'));
    await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await (await rotation).json();
    await secretHint().waitFor({ timeout: UI_TIMEOUT });
    expect(await secretHint().locator('time').getAttribute('datetime')).toBe(rotated.previous_secret_expires_at);
    // Gone without a reload once the overlap has passed (the page wakes at that instant).
    await secretHint().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(rotated.previous_secret_expires_at));
    expect((await api.get(`/v1/endpoints/${endpoint.id}`).expect(200)).body.previous_secret_expires_at).toBe(rotated.previous_secret_expires_at);
    expect(errors).toEqual([]);
  });
});

/** A definition list as term → its text (as shown), in order. */
function factsOf(list: Locator): Promise<Record<string, string>> {
  return list.evaluate((dl) => Object.fromEntries([...dl.querySelectorAll(':scope > dt')].map((dt) => [dt.textContent ?? '', (dt.nextElementSibling as HTMLElement).innerText])));
}

/** The instants a definition list shows, each once, in order. */
async function timesOf(list: Locator): Promise<string[]> {
  const all = await list.locator('time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
  return [...new Set(all)];
}
