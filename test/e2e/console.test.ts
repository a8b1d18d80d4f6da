import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import {
  expectAccessible,
  newPage,
  openPage,
  PHONE,
  screenshot,
  screenshotOnPhone,
  signIn,
} from '../support/console.js';
import { ADMIN_PASSWORD, TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/** The admin console (issue 16) in a real Chromium against a real gateway. */
describe('the admin console', () => {
  let gw: TestGateway;
  let browser: Browser;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    browser = await launchChromium();
    owner = await gw.login();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  it('is served at /console: / redirects there, deep links get the page, hashed assets are cached for good', async () => {
    const root = await fetch(`${gw.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');

    const deep = await fetch(`${gw.url}/console/messages/some-id`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(deep.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await deep.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();

    const asset = await fetch(gw.url + script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${gw.url}/console/assets/missing-0000.js`)).status).toBe(404);
  });

  it('signs in with the form, stays signed in on reload, and signs out', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.url}/console/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'sign-in');

    await page.getByLabel('Email').fill('admin@example.test');
    await page.locator('input[type=password]').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Could not sign in');

    await page.close();
    const signedIn = await signIn(browser, gw);
    await signedIn.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();
    await signedIn.reload();
    await signedIn.getByRole('button', { name: 'Sign out' }).waitFor();
    await signedIn.getByRole('button', { name: 'Sign out' }).click();
    await signedIn.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The refresh token's session ended on the server, and nothing is left in the tab to restore.
    expect(await signedIn.evaluate(() => sessionStorage.getItem('smsgw.refreshToken'))).toBeNull();
    await signedIn.close();
  }, 60_000);

  it('shows a viewer no admin page or write action, and a forced URL says "Not allowed"', async () => {
    const viewer = await gw.addMember(owner, 'viewer');
    const page = await signIn(browser, gw, { email: viewer.email, password: viewer.password, viewport: PHONE });
    const burger = page.getByRole('button', { name: 'Toggle navigation' });
    await burger.click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Messages', exact: true }).waitFor();
    for (const adminPage of ['Users', 'API clients', 'Audit log', 'Routes', 'Carriers', 'Webhooks', 'Send']) {
      expect(await nav.getByRole('link', { name: adminPage, exact: true }).count()).toBe(0);
    }
    await burger.click();
    await page.goto(`${gw.url}/console/users`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await screenshot(page, 'not-allowed-phone');
    await page.close();
  }, 60_000);

  it('ends the session in the open page at once when the user is removed', async () => {
    const developer = await gw.addMember(owner, 'developer');
    const page = await signIn(browser, gw, { email: developer.email, password: developer.password });
    const removed = await gw.request('DELETE', `/v1/users/${developer.id}`, { token: owner });
    expect(removed.status).toBe(204);
    // No click needed: the server ends the page's subscription, its refresh is refused, and it starts over.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('session ended');
    await page.close();
  }, 60_000);

  it('shows the dashboard live: a message delivered by a phone counts without a reload', async () => {
    await gw.pairAgent(owner, { name: 'dashboard-phone' });
    const page = await signIn(browser, gw);
    const sentStat = page.getByTestId('stat-Sent in the last hour');
    await expect.poll(() => sentStat.innerText()).toBe('0');
    await expect.poll(() => page.getByText('dashboard-phone').count()).toBe(1);
    const sent = await gw.request('POST', '/v1/messages', { token: owner, json: { to: '+4915123456789', body: 'hi' } });
    await gw.waitForStatus(owner, sent.body.id, ['delivered']);
    await expect.poll(() => sentStat.innerText(), { timeout: 15_000 }).toBe('1');
    await expectAccessible(page);
    await screenshot(page, 'dashboard');
    await screenshotOnPhone(page, 'dashboard-phone');
    await page.close();
  }, 60_000);

  it("sends from the Send page with the server's own segment count, and shows a bad number at its field", async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Send');
    await page.getByLabel(/^To\b/).fill('+12');
    await page.getByLabel(/^Message\b/).fill('Привет');
    await expect.poll(() => page.getByTestId('segment-counter').innerText()).toContain('UCS-2 · 1 segment');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('INVALID_PHONE_NUMBER');
    // The detail stands at the field it names, too (Mantine ties it to the input as its description).
    const to = page.getByLabel(/^To\b/);
    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('to is not a valid phone number').count()).toBeGreaterThan(0);
    const before = await gw.footprint();
    await expectAccessible(page);
    await screenshot(page, 'send-error');

    await page.getByLabel(/^To\b/).fill('+4915123456789');
    await page.getByLabel(/^Message\b/).fill('a'.repeat(161));
    await expect.poll(() => page.getByTestId('segment-counter').innerText()).toContain('GSM-7 · 2 segments');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Accepted').waitFor();
    expect((await gw.footprint()).messages).toBe(before.messages + 1);
    await screenshot(page, 'send');
    await page.close();
  }, 60_000);

  it('shows an SMS a phone receives in Conversations live, and a reply from the browser reaches that phone', async () => {
    const phone = await gw.pairAgent(owner, { name: 'conversation-phone' });
    const page = await signIn(browser, gw);
    await openPage(page, 'Conversations');
    phone.transport.simulateIncoming({ from: '+4915123450077', body: 'Is my order on its way?', simSlot: 0 });
    // No reload: the thread appears with its unread mark.
    const thread = page.getByRole('link', { name: /\+4915123450077/ });
    await thread.waitFor();
    expect(await page.getByLabel('1 unread').count()).toBe(1);
    await thread.click();
    // The thread list shows the last message too: look for it in the opened thread.
    const log = page.getByRole('log', { name: /^Messages with/ });
    await log.getByText('Is my order on its way?').waitFor();
    await page.getByLabel(/^Reply/).fill('Yes, it ships today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await log.getByText('Yes, it ships today.').waitFor();
    await waitFor(
      () => phone.transport.sent.filter((m) => m.to === '+4915123450077' && m.body === 'Yes, it ships today.').length,
      (n) => n === 1,
      { what: 'the reply to reach the phone' },
    );
    // Opened, so read: the API says so too.
    const threads = await gw.request('GET', '/v1/conversations', { token: owner });
    expect(threads.body.data.find((t: { number: string }) => t.number === '+4915123450077').unread).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'conversations');
    await screenshotOnPhone(page, 'conversations-phone');
    await page.close();
  }, 60_000);

  it('works by keyboard alone: sign in, reach Send from the menu, send', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.url}/console/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The email field is the first stop; typing, Tab and Enter do the rest.
    await page.keyboard.press('Tab');
    await page.keyboard.type('admin@example.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();

    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      // Expressions as strings: the test's own TypeScript has no DOM types.
      reached = (await page.evaluate("document.activeElement?.textContent ?? ''")) === 'Send';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Send' }).waitFor();
    const focusedLabel = async () =>
      String(await page.evaluate("document.activeElement?.labels?.[0]?.textContent ?? ''"));
    for (let i = 0; i < 30 && !(await focusedLabel()).startsWith('To'); i++) await page.keyboard.press('Tab');
    await page.keyboard.type('+4915123456789');
    await page.keyboard.press('Tab');
    await page.keyboard.type('sent by keyboard');
    const before = (await gw.footprint()).messages;
    // Enter in a one-line field submits the form.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Accepted').waitFor();
    expect((await gw.footprint()).messages).toBe(before + 1);
    await page.close();
  }, 60_000);

  it('lets the owner reach every page from the navigation', async () => {
    const page = await signIn(browser, gw);
    for (const label of ['Messages', 'Send', 'Conversations', 'Phones', 'Routes', 'Carriers', 'Opt-outs']) {
      await openPage(page, label);
    }
    await page.close();
  }, 60_000);
});
