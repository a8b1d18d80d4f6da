import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { expectAccessible, openPage, screenshot, screenshotOnPhone, signIn } from '../support/console.js';
import { TestGateway } from '../support/gateway.js';

/** The Messages and Message pages in a real Chromium. */
describe('console: messages', () => {
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

  const send = async (json: Record<string, unknown>, token = owner) => {
    const res = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: '+4915123456789', body: 'hi', ...json },
    });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };

  it('pages forward and back through more messages than fit a page, and filters by status and number', async () => {
    for (let i = 0; i < 27; i++) await send({ body: `bulk ${i}` });
    await send({ to: '+4915123450055', body: 'to someone else' });
    await send({ body: 'later', sendAt: new Date(Date.now() + 3_600_000).toISOString() });
    const page = await signIn(browser, gw);
    await openPage(page, 'Messages');
    const rows = page.getByRole('table', { name: 'Messages' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(25);
    const firstPage = await rows.first().innerText();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => rows.first().innerText()).toBe(firstPage);
    await expectAccessible(page);
    await screenshot(page, 'messages');

    await page.getByLabel('Recipient').fill('+4915123450055');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('to someone else');
    // The filters are in the address, so the view can be shared or reloaded.
    expect(page.url()).toContain('to=%2B4915123450055');
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByLabel('Recipient').fill('');
    await page.getByLabel('Status', { exact: true }).first().click();
    await page.getByRole('option', { name: 'scheduled' }).click();
    await page.keyboard.press('Escape');
    // A click while the options are still fading out would land on them.
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('status=scheduled');
    await expect.poll(() => rows.first().innerText()).toContain('later');
    expect(await rows.count()).toBe(1);

    await page.getByLabel('Recipient').fill('+12');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('INVALID_PHONE_NUMBER');
    await screenshotOnPhone(page, 'messages-phone');
    await page.close();
  }, 90_000);

  it("shows a message's timeline, its status turning delivered live, and cancels a scheduled one", async () => {
    const other = await gw.createAccount('Timeline Co');
    // The phone's delivery report comes 4 s after it sends: the page is open by then.
    await gw.pairAgent(other.token, { name: 'slow-phone', deliveryMs: 4000 });
    const id = await send({ body: 'on its way' }, other.token);
    const page = await signIn(browser, gw, { email: other.email, password: other.password, path: `/messages/${id}` });
    const status = page.getByTestId('message-status');
    await expect.poll(() => status.innerText()).toMatch(/sent|sending|queued/i);
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/delivered/i);
    const timeline = page.getByLabel('Events');
    await expect.poll(() => timeline.innerText()).toContain('sent');
    await expectAccessible(page);
    await screenshot(page, 'message');

    const later = await send({ body: 'not yet', sendAt: new Date(Date.now() + 3_600_000).toISOString() }, other.token);
    await page.goto(`${gw.url}/console/messages/${later}`);
    await page.getByRole('button', { name: 'Cancel message' }).click();
    await expect.poll(() => status.innerText()).toMatch(/canceled/i);
    expect((await gw.message(other.token, later)).status).toBe('canceled');
    await page.close();
  }, 90_000);
});
