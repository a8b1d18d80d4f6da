import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from '../support/browser.js';
import { TestGateway } from '../support/gateway.js';

const shot = (name: string) => fileURLToPath(new URL(name, SCREENSHOTS));

/** `/docs` as a person uses it, in a real Chromium: sign in on the page and try a call. */
describe('the interactive API reference at /docs', () => {
  let gw: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    gw = await TestGateway.start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  it('lists the API, takes a bearer token under Authorize and runs GET /v1/me with it', async () => {
    const token = await gw.login();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${gw.url}/docs`);
    expect(await page.title()).toBe('SMS gateway API');
    await page.locator('.information-container .title', { hasText: 'SMS gateway' }).waitFor();
    await page.locator('.opblock-tag-section').first().waitFor();
    await page.screenshot({ path: shot('docs-overview.png') });
    // Served by the gateway itself: nothing came from elsewhere, and nothing failed to load.
    expect(failed).toEqual([]);

    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    // The bearer scheme comes first (the OAuth2 client-credentials form follows it).
    const bearer = dialog.locator('.auth-container').first();
    await bearer.locator('input').first().fill(token);
    await bearer.locator('button.authorize').click();
    await bearer.getByText('Authorized').waitFor();
    await page.screenshot({ path: shot('docs-authorize.png') });
    await dialog.locator('button.btn-done').first().click();

    const me = page.locator('.opblock-get', { has: page.locator('[data-path="/v1/me"]') }).first();
    await me.locator('.opblock-summary').first().click();
    await me.getByRole('button', { name: 'Try it out' }).click();
    await me.getByRole('button', { name: 'Execute' }).click();
    const response = me.locator('.live-responses-table .response').first();
    await response.waitFor();
    await me.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('docs-try-me.png'), fullPage: false });
    expect(await response.locator('.response-col_status').innerText()).toContain('200');
    const body = await response.locator('.response-col_description pre').first().innerText();
    expect(JSON.parse(body)).toMatchObject({ kind: 'user', user: { email: 'admin@example.test' } });
    await page.close();
  }, 60_000);
});
