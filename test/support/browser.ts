import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's chromium, headless, with nothing reaching beyond loopback. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Where the tests put their screenshots (created on first use; not part of the repository). */
export const SCREENSHOTS = resolve('test-output/screenshots');

/** The whole page, or with `firstScreen` only what the viewport shows before any scrolling. */
export async function screenshot(page: Page, name: string, { firstScreen = false } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: !firstScreen });
}

/** Console errors and uncaught exceptions of a page, collected as they happen. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

/**
 * Waits for `locator` to show; when it does not, fails with what the page showed instead (its visible text, cut
 * short, and the errors collected so far), so a failure under load says which request went wrong.
 */
export async function waitShowing(page: Page, locator: Locator, errors: readonly string[], timeout = 10_000): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    const shown = await page.locator('body').innerText({ timeout: 1000 }).catch((failure: Error) => `(unreadable: ${failure.message})`);
    throw new Error(`${(error as Error).message.split('\n')[0]}\nthe page showed instead:\n${shown.slice(0, 1500)}\nerrors so far: ${JSON.stringify(errors)}`);
  }
}
