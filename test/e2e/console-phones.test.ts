import { startHeadlessAgent, type HeadlessAgent } from '@sms-gateway/android-agent/headless';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { expectAccessible, openPage, PHONE, screenshot, signIn } from '../support/console.js';
import { TestGateway } from '../support/gateway.js';

/** Picks `option` in the Mantine Select labelled `label` (inside `scope`). */
async function choose(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Types each tag into the Mantine TagsInput labelled `label` and confirms it with Enter. */
async function addTags(scope: Page | Locator, label: string, tags: string[]): Promise<void> {
  const input = scope.getByRole('combobox', { name: label, exact: true });
  for (const tag of tags) {
    await input.fill(tag);
    await input.press('Enter');
  }
}

/** Closes the "saved" notifications, so a screenshot shows the page under them. */
async function dismissNotifications(page: Page): Promise<void> {
  const notifications = page.locator('.mantine-Notification-root');
  // Always the first one still open: locators taken up front (`.all()` gives nth(0), nth(1), …)
  // point past the end once the first has closed, and clicking the missing one waited 30 s in CI.
  await expect
    .poll(async () => {
      const close = notifications.getByRole('button', { name: 'Close' }).first();
      if ((await notifications.count()) > 0) await close.click({ timeout: 1_000 }).catch(() => undefined);
      return notifications.count();
    })
    .toBe(0);
}

/** The console's Phones, Routes and Carriers pages in a real Chromium against a real gateway. */
describe('the console: phones, routes and carriers', () => {
  let gw: TestGateway;
  let browser: Browser;
  let owner: string;
  const agents: HeadlessAgent[] = [];

  beforeAll(async () => {
    // The HTTP carrier of the carriers test points at 127.0.0.1 (it need not answer).
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    browser = await launchChromium();
    owner = await gw.login();
  });
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await browser?.close();
    await gw?.stop();
  });

  it('pairs a phone with the code the page shows: it turns online in the list without a reload', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Phones');
    await page.getByText('No phones yet').waitFor();

    await page.getByRole('button', { name: 'Pair a new phone' }).click();
    const ask = page.getByRole('dialog', { name: 'Pair a new phone' });
    await ask.getByLabel('Name').fill('Front desk');
    await ask.getByRole('button', { name: 'Get a pairing code' }).click();

    const dialog = page.getByRole('dialog', { name: 'Pair Front desk' });
    const code = (await dialog.getByTestId('pairing-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // The gateway's own QR image (smsgw://pair?server=PUBLIC_URL&code=…), drawn by the browser.
    const qr = dialog.getByRole('img', { name: `QR code for pairing code ${code}` });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await expect.poll(() => qr.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
    await dialog.getByText('Waiting for the phone…').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'phones-pairing');

    // A phone whose heartbeats say the app is not exempt from battery optimisation.
    const agent = await startHeadlessAgent({ server: gw.url, code, maxPerMinute: 0, batteryOptimizationExempt: false });
    agents.push(agent);
    await dialog.getByText('Front desk is online.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('tr[data-phone="Front desk"]');
    await row.getByText('online', { exact: true }).waitFor();
    await row.getByText('Slot 0: Simulated · +12025550100').waitFor();
    // The first heartbeat's battery-optimisation flag, shown under the battery as a warning.
    await page.reload();
    await row.getByText('battery-optimised', { exact: true }).waitFor();
    const listed = await gw.request('GET', `/v1/devices/${agent.deviceId}`, { token: owner });
    expect(listed.body).toMatchObject({
      name: 'Front desk',
      status: 'online',
      online: true,
      batteryOptimizationExempt: false,
    });

    await expectAccessible(page);
    await screenshot(page, 'phones');
    await page.close();
  }, 90_000);

  it("edits a phone's throttles and SIM policy, refuses an over-limit throttle at its field, disables and revokes it", async () => {
    const agent = await gw.pairAgent(owner, { name: 'Back office' });
    const page = await signIn(browser, gw);
    await openPage(page, 'Phones');
    const row = page.locator('tr[data-phone="Back office"]');
    await row.getByText('online', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Actions for Back office' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Back office' });
    const phoneLimits = dialog.getByRole('group', { name: 'Throttle of the phone' });
    await phoneLimits.getByLabel('Parts per minute').fill('20000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await phoneLimits.getByText('partsPerMinute must not be greater than 10000').waitFor();
    await dialog.getByRole('alert').getByText('VALIDATION_FAILED').waitFor();
    await screenshot(page, 'phones-edit');
    const unchanged = await gw.request('GET', `/v1/devices/${agent.deviceId}`, { token: owner });
    expect(unchanged.body.throttle).toEqual({});

    await phoneLimits.getByLabel('Parts per minute').fill('30');
    await phoneLimits.getByLabel('Parts per day').fill('1000');
    await dialog.getByRole('group', { name: 'Throttle of SIM slot 0' }).getByLabel('Parts per day').fill('500');
    await choose(page, dialog, 'SIM policy', 'Round robin over the SIMs');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('30/min · 1,000/day').waitFor();
    await row.getByText('Slot 0: 500/day').waitFor();
    const saved = await gw.request('GET', `/v1/devices/${agent.deviceId}`, { token: owner });
    expect(saved.body).toMatchObject({
      throttle: { partsPerMinute: 30, partsPerDay: 1000 },
      simThrottles: { '0': { partsPerDay: 500 } },
      simPolicy: 'round-robin',
    });

    await row.getByRole('button', { name: 'Actions for Back office' }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    expect((await gw.request('GET', `/v1/devices/${agent.deviceId}`, { token: owner })).body.status).toBe('disabled');
    await row.getByRole('button', { name: 'Actions for Back office' }).click();
    await page.getByRole('menuitem', { name: 'Enable' }).click();
    await expect
      .poll(async () => (await gw.request('GET', `/v1/devices/${agent.deviceId}`, { token: owner })).body.status)
      .not.toBe('disabled');

    await row.getByRole('button', { name: 'Actions for Back office' }).click();
    await page.getByRole('menuitem', { name: 'New pairing code' }).click();
    const pairing = page.getByRole('dialog', { name: 'Pair Back office' });
    expect(await pairing.getByTestId('pairing-code').innerText()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await pairing.getByRole('button', { name: 'Done' }).click();

    await row.getByRole('button', { name: 'Actions for Back office' }).click();
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke Back office?' });
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await gw.request('GET', `/v1/devices/${agent.deviceId}`, { token: owner })).status).toBe(404);
    await page.close();
  }, 90_000);

  it('shows a viewer the phones and their state, without any write action, on a phone-sized screen', async () => {
    const viewer = await gw.addMember(owner, 'viewer');
    const page = await signIn(browser, gw, { email: viewer.email, password: viewer.password, viewport: PHONE });
    await openPage(page, 'Phones');
    await page.locator('tr[data-phone="Front desk"]').getByText('online', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Pair a new phone' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'phones-phone');
    await page.close();
  }, 60_000);

  it('creates a route through the form (the API then holds it), shows a bad prefix or a gone target at its field, and deletes with a confirm', async () => {
    const spare = await gw.pairAgent(owner, { name: 'Spare phone' });
    const page = await signIn(browser, gw);
    await openPage(page, 'Routes');
    await page.getByText('No routes yet').waitFor();

    // A prefix without "+": the API's message at the prefixes field, and nothing written.
    await page.getByRole('button', { name: 'New route' }).click();
    let dialog = page.getByRole('dialog', { name: 'New route' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Bad prefix');
    await addTags(dialog, 'Number prefixes', ['49']);
    await dialog.getByRole('button', { name: 'Create route' }).click();
    await dialog.getByText('each prefix must be + and 1 to 15 digits, such as +49').waitFor();
    expect(
      await dialog.getByRole('combobox', { name: 'Number prefixes', exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect((await gw.request('GET', '/v1/routes', { token: owner })).body.data).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'routes-form');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A phone chosen in the form and revoked before the form is sent: the API names that target.
    await page.getByRole('button', { name: 'New route' }).click();
    dialog = page.getByRole('dialog', { name: 'New route' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Spare only');
    await choose(page, dialog, 'Kind of target 1', 'One phone');
    await choose(page, dialog, 'Phone of target 1', 'Spare phone');
    expect((await gw.request('DELETE', `/v1/devices/${spare.deviceId}`, { token: owner })).status).toBe(204);
    await dialog.getByRole('button', { name: 'Create route' }).click();
    await dialog.getByText(`${spare.deviceId} is not a device of this account`).waitFor();
    expect(
      await dialog.getByRole('combobox', { name: 'Phone of target 1', exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect((await gw.request('GET', '/v1/routes', { token: owner })).body.data).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'New route' }).click();
    dialog = page.getByRole('dialog', { name: 'New route' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Germany via the desk');
    await addTags(dialog, 'Number prefixes', ['+49', '+43']);
    await addTags(dialog, 'Countries', ['de']);
    await choose(page, dialog, 'Strategy', 'Weighted');
    await choose(page, dialog, 'Kind of target 1', 'One phone');
    await choose(page, dialog, 'Phone of target 1', 'Front desk');
    await dialog.getByLabel('Weight of target 1').fill('3');
    await dialog.getByRole('button', { name: 'Add a target' }).click();
    await dialog.getByLabel('Weight of target 2').fill('1');
    await dialog.getByRole('button', { name: 'Create route' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('tr[data-route="Germany via the desk"]');
    await row.getByText('numbers starting +49, +43; countries DE').waitFor();
    await row.getByText('phone Front desk ×3').waitFor();
    await row.getByText('all phones ×1').waitFor();
    const frontDesk = agents[0].deviceId;
    const routes = (await gw.request('GET', '/v1/routes', { token: owner })).body.data;
    expect(routes).toEqual([
      expect.objectContaining({
        name: 'Germany via the desk',
        match: { prefixes: ['+49', '+43'], countries: ['DE'] },
        strategy: 'weighted',
        targets: [
          { kind: 'device', deviceId: frontDesk, weight: 3 },
          { kind: 'devices', weight: 1 },
        ],
        isDefault: false,
        enabled: true,
      }),
    ]);
    await expectAccessible(page);
    await dismissNotifications(page);
    await screenshot(page, 'routes');

    // Editing keeps what is not touched: the API holds the new strategy and the same targets.
    await row.getByRole('button', { name: 'Edit Germany via the desk' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit route Germany via the desk' });
    await choose(page, dialog, 'Strategy', 'Failover');
    await dialog.getByRole('button', { name: 'Save route' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('failover', { exact: true }).waitFor();
    const edited = (await gw.request('GET', `/v1/routes/${routes[0].id}`, { token: owner })).body;
    expect(edited).toMatchObject({ strategy: 'failover', match: { prefixes: ['+49', '+43'], countries: ['DE'] } });
    expect(edited.targets.map((t: { kind: string }) => t.kind)).toEqual(['device', 'devices']);

    const phone = await signIn(browser, gw, { viewport: PHONE });
    await openPage(phone, 'Routes');
    await phone.locator('tr[data-route="Germany via the desk"]').waitFor();
    await expectAccessible(phone);
    await screenshot(phone, 'routes-phone');
    await phone.close();

    await row.getByRole('button', { name: 'Delete Germany via the desk' }).click();
    await page
      .getByRole('dialog', { name: 'Delete route Germany via the desk?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await row.waitFor({ state: 'detached' });
    expect((await gw.request('GET', '/v1/routes', { token: owner })).body.data).toEqual([]);
    await page.close();
  }, 120_000);

  it('creates an HTTP carrier and lists it with its state, shows a bad URL at its field, and never shows a password', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Carriers');
    await page.getByText('No carriers yet').waitFor();

    await page.getByRole('button', { name: 'New carrier' }).click();
    let dialog = page.getByRole('dialog', { name: 'New carrier' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Local HTTP');
    await dialog.getByText('HTTP', { exact: true }).click();
    await dialog.getByLabel('URL').fill('ftp://127.0.0.1/sms');
    await dialog.getByRole('button', { name: 'Create carrier' }).click();
    await dialog.getByText('http.url must be an http or https URL').waitFor();
    expect(await dialog.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'carriers-form');
    expect((await gw.request('GET', '/v1/carriers', { token: owner })).body.data).toEqual([]);

    await dialog.getByLabel('URL').fill('http://127.0.0.1:9/sms?to={to}');
    await choose(page, dialog, 'Authentication', 'Bearer token');
    await dialog.getByLabel('Token').fill('a-bearer-secret');
    await dialog.getByRole('button', { name: 'Create carrier' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const httpRow = page.locator('tr[data-carrier="Local HTTP"]');
    await httpRow.getByText('bound', { exact: true }).waitFor();
    await httpRow.getByText('POST http://127.0.0.1:9/sms?to={to}').waitFor();

    // An SMPP carrier with a password: the page shows its live state, never the password.
    await page.getByRole('button', { name: 'New carrier' }).click();
    dialog = page.getByRole('dialog', { name: 'New carrier' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Local SMSC');
    await dialog.getByLabel('Host').fill('127.0.0.1');
    await dialog.getByLabel('Port').fill('9');
    await dialog.getByLabel('System ID').fill('gateway');
    await dialog.getByLabel('Password', { exact: true }).fill('smpp-pass');
    await dialog.getByRole('button', { name: 'Create carrier' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const smppRow = page.locator('tr[data-carrier="Local SMSC"]');
    await smppRow.getByText('127.0.0.1:9 as gateway').waitFor();
    await smppRow.getByText(/^(bound|connecting|reconnecting|down)$/).waitFor();

    const carriers = (await gw.request('GET', '/v1/carriers', { token: owner })).body.data;
    expect(carriers).toEqual([
      expect.objectContaining({ name: 'Local HTTP', kind: 'http', enabled: true, state: 'bound' }),
      expect.objectContaining({ name: 'Local SMSC', kind: 'smpp', enabled: true }),
    ]);
    expect(carriers[0].http).toMatchObject({ url: 'http://127.0.0.1:9/sms?to={to}', auth: 'bearer', secretSet: true });
    expect(carriers[1].smpp).toMatchObject({ host: '127.0.0.1', port: 9, systemId: 'gateway', passwordSet: true });
    await expectAccessible(page);
    await dismissNotifications(page);
    await screenshot(page, 'carriers');

    await smppRow.getByRole('button', { name: 'Actions for Local SMSC' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit carrier Local SMSC' });
    expect(await dialog.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await dialog.getByText('A password is stored; leave empty to keep it').waitFor();
    expect(await page.content()).not.toContain('smpp-pass');
    await dialog.getByLabel('System ID').fill('gateway2');
    await dialog.getByRole('button', { name: 'Save carrier' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await smppRow.getByText('127.0.0.1:9 as gateway2').waitFor();
    const kept = (await gw.request('GET', `/v1/carriers/${carriers[1].id}`, { token: owner })).body;
    expect(kept.smpp).toMatchObject({ systemId: 'gateway2', passwordSet: true });

    await httpRow.getByRole('button', { name: 'Actions for Local HTTP' }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    await httpRow.getByText('disabled', { exact: true }).waitFor();
    expect((await gw.request('GET', `/v1/carriers/${carriers[0].id}`, { token: owner })).body.enabled).toBe(false);

    const phone = await signIn(browser, gw, { viewport: PHONE });
    await openPage(phone, 'Carriers');
    await phone.locator('tr[data-carrier="Local HTTP"]').waitFor();
    await expectAccessible(phone);
    await screenshot(phone, 'carriers-phone');
    await phone.close();

    await smppRow.getByRole('button', { name: 'Actions for Local SMSC' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete carrier Local SMSC?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await smppRow.waitFor({ state: 'detached' });
    expect((await gw.request('GET', `/v1/carriers/${carriers[1].id}`, { token: owner })).status).toBe(404);
    await page.close();
  }, 120_000);
});
