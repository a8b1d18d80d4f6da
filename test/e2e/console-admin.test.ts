import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { expectAccessible, newPage, openPage, screenshot, screenshotOnPhone, signIn } from '../support/console.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/** A webhook receiver on 127.0.0.1 that answers 200 and remembers what it got. */
async function startReceiver(): Promise<{
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  server: Server;
}> {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/sms`, received, server };
}

/** The rows of a table the page labels so, as their text (as written: badges show it in capitals). */
async function rowsOf(page: Page, table: string): Promise<string[]> {
  return page.getByRole('table', { name: table }).locator('tbody tr').allTextContents();
}

/** The console's admin pages (Opt-outs, Webhooks, Users, API clients, Audit log) in a real Chromium. */
describe('the console admin pages', () => {
  let gw: TestGateway;
  let browser: Browser;
  let owner: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    browser = await launchChromium();
    owner = await gw.login();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  const suppressed = async (number?: string) => {
    const query = number ? `?phoneNumber=${encodeURIComponent(number)}` : '';
    const res = await gw.request('GET', `/v1/suppressions${query}`, { token: owner });
    return res.body.data as { phoneNumber: string; reason: string }[];
  };

  it('shows a STOP a phone receives in Opt-outs without a reload, and adds and removes a number by hand', async () => {
    const phone = await gw.pairAgent(owner, { name: 'opt-out-phone' });
    const page = await signIn(browser, gw);
    await openPage(page, 'Opt-outs');
    await page.getByText('No one has opted out yet.').waitFor();
    expect(await page.getByRole('link', { name: 'Settings page' }).getAttribute('href')).toBe('/console/settings');

    phone.transport.simulateIncoming({ from: '+4915123450101', body: 'STOP', simSlot: 0 });
    const table = page.getByRole('table', { name: 'Opted-out numbers' });
    await table.getByRole('cell', { name: '+4915123450101', exact: true }).waitFor();
    expect(await table.getByText('Replied STOP').count()).toBe(1);
    expect(await suppressed('+4915123450101')).toMatchObject([{ phoneNumber: '+4915123450101', reason: 'keyword' }]);

    // A bad number: the API's detail at the field, and nothing added.
    const add = page.getByRole('textbox', { name: /^Add a number/ });
    await add.fill('+12');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => add.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('phoneNumber must be a valid E.164 number').count()).toBe(1);
    expect(await suppressed()).toHaveLength(1);
    await expectAccessible(page);
    await screenshot(page, 'opt-outs-error');

    await add.fill('+4915123450202');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await table.getByRole('cell', { name: '+4915123450202', exact: true }).waitFor();
    expect(await add.inputValue()).toBe('');
    expect(await suppressed('+4915123450202')).toMatchObject([{ reason: 'manual' }]);

    // The filters: a number, then a reason.
    await page.getByRole('searchbox', { name: 'Search by number' }).fill('+4915123450202');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rowsOf(page, 'Opted-out numbers')).toHaveLength(1);
    expect((await rowsOf(page, 'Opted-out numbers'))[0]).toContain('+4915123450202');
    await page.getByRole('searchbox', { name: 'Search by number' }).fill('');
    await expect.poll(() => rowsOf(page, 'Opted-out numbers')).toHaveLength(2);
    await page.getByRole('combobox', { name: 'Reason' }).click();
    await page.getByRole('option', { name: 'Replied STOP' }).click();
    await expect.poll(() => rowsOf(page, 'Opted-out numbers')).toHaveLength(1);
    expect((await rowsOf(page, 'Opted-out numbers'))[0]).toContain('+4915123450101');
    await page.getByRole('combobox', { name: 'Reason' }).click();
    await page.getByRole('option', { name: 'Added by hand' }).click();
    await expect.poll(() => rowsOf(page, 'Opted-out numbers')).toHaveLength(1);

    // Remove, after a confirmation.
    await page.getByRole('button', { name: 'Remove +4915123450202' }).click();
    const dialog = page.getByRole('dialog', { name: 'Take the number off the list?' });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No number matches.').waitFor();
    expect(await suppressed('+4915123450202')).toEqual([]);
    await page.close();
  }, 60_000);

  it('exports the opt-out list as a CSV download and imports a CSV file with its counts', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Opt-outs');
    await page.getByRole('cell', { name: '+4915123450101', exact: true }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^opt-outs-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path());
    expect(csv.toString('utf8')).toMatch(/^phoneNumber,reason,sourceMessageId,createdAt\r?\n/);
    expect(csv.toString('utf8')).toContain('+4915123450101,keyword,');

    await page.locator('input[type=file]').setInputFiles({
      name: 'numbers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('phoneNumber\n+4915123450303\n+4915123450404\nnot a number\n+4915123450101\n'),
    });
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.innerText()).toContain('2 added, 1 already on the list, 1 invalid.');
    expect(await report.innerText()).toContain('Line 4: “not a number” is not a valid number');
    await page.getByRole('cell', { name: '+4915123450404', exact: true }).waitFor();
    expect(await suppressed('+4915123450303')).toMatchObject([{ reason: 'import' }]);
    await expectAccessible(page);
    await screenshot(page, 'opt-outs');
    await screenshotOnPhone(page, 'opt-outs-phone', (p) =>
      p.getByRole('cell', { name: '+4915123450101', exact: true }).waitFor(),
    );
    await page.close();
  }, 60_000);

  it('pages through a long opt-out list, and shows a viewer the list without its write actions', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => `+49151234510${String(i).padStart(2, '0')}`);
    const imported = await gw.request('POST', '/v1/suppressions/import', {
      token: owner,
      raw: `phoneNumber\n${numbers.join('\n')}\n`,
      contentType: 'text/csv',
    });
    expect(imported.body.imported).toBe(30);
    const total = (await gw.request('GET', '/v1/suppressions?limit=500', { token: owner })).body.data.length;

    const viewer = await gw.addMember(owner, 'viewer');
    const page = await signIn(browser, gw, { email: viewer.email, password: viewer.password });
    await openPage(page, 'Opt-outs');
    await expect.poll(() => rowsOf(page, 'Opted-out numbers')).toHaveLength(25);
    const first = await rowsOf(page, 'Opted-out numbers');
    const pager = page.getByRole('navigation', { name: 'Opt-out pages' });
    await pager.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => rowsOf(page, 'Opted-out numbers')).toHaveLength(total - 25);
    const second = await rowsOf(page, 'Opted-out numbers');
    expect(second.filter((row) => first.includes(row))).toEqual([]);
    expect(await pager.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => rowsOf(page, 'Opted-out numbers')).toEqual(first);

    // Read-only for a viewer: export yes; add, import and remove no.
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    expect(await page.getByRole('textbox', { name: /^Add a number/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    await page.close();
  }, 60_000);

  it('creates a webhook with its secret shown once, sends a test event and shows the delivery in its log', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Webhooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const form = page.getByRole('dialog', { name: 'Add an endpoint' });

    // A private address the gateway may not reach: the API's detail at the URL field, nothing created.
    const url = form.getByRole('textbox', { name: /^URL/ });
    await url.fill('http://10.1.2.3/hook');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByText('private address, which webhooks may not reach').count()).toBe(1);
    expect((await gw.request('GET', '/v1/webhooks', { token: owner })).body.data).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'webhooks-error');

    await url.fill(receiver.url);
    await form.getByRole('textbox', { name: 'Description' }).fill('Order system');
    await form.getByRole('checkbox', { name: /^All events/ }).uncheck();
    await form.getByRole('checkbox', { name: 'message.delivered' }).check();
    await form.getByRole('checkbox', { name: 'message.failed' }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const shown = page.getByRole('dialog', { name: 'Endpoint added' });
    const secretBox = shown.getByRole('textbox', { name: 'Signing secret' });
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: 'Copy signing secret' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'webhooks-secret');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'hidden' });
    // Once: the page no longer holds it.
    expect(await page.content()).not.toContain(secret);

    const endpoints = (await gw.request('GET', '/v1/webhooks', { token: owner })).body.data;
    expect(endpoints).toMatchObject([
      {
        url: receiver.url,
        events: ['message.delivered', 'message.failed'],
        enabled: true,
        description: 'Order system',
      },
    ]);
    expect((await rowsOf(page, 'Webhook endpoints'))[0]).toContain('message.delivered, message.failed');
    expect((await rowsOf(page, 'Webhook endpoints'))[0]).toContain('Enabled');

    // The new endpoint is open below the list: test it and watch the log.
    const panel = page.getByRole('region', { name: `Endpoint ${receiver.url}` });
    await panel.getByRole('button', { name: 'Send test event' }).click();
    const log = panel.getByRole('table', { name: `Deliveries to ${receiver.url}` });
    // Event, status, attempts, response (code, then latency), time, last error.
    const cells = () => log.getByTestId('delivery').first().locator('td').allTextContents();
    await expect.poll(async () => (await cells())[1], { timeout: 15_000 }).toBe('delivered');
    const [event, , attempts, response, , lastError] = await cells();
    expect(event).toContain('webhook.test');
    expect(attempts).toBe('1');
    expect(response).toMatch(/^200\d+ ms$/);
    expect(lastError).toBe('—');
    const test = receiver.received.find((r) => r.body.includes('"webhook.test"'));
    expect(test?.headers['webhook-signature']).toMatch(/^v1,/);
    const deliveries = await gw.request('GET', `/v1/webhooks/${endpoints[0].id}/deliveries`, { token: owner });
    expect(deliveries.body.data).toMatchObject([{ eventType: 'webhook.test', status: 'delivered', statusCode: 200 }]);

    // Redeliver: the same event id again, as a second row.
    await log.getByRole('button', { name: /^Redeliver webhook\.test/ }).click();
    await expect.poll(() => log.getByTestId('delivery').count()).toBe(2);
    await expect.poll(async () => (await cells())[1], { timeout: 15_000 }).toBe('delivered');
    await waitFor(
      () => receiver.received.filter((r) => r.body.includes('"webhook.test"')).length,
      (n) => n === 2,
      { what: 'the redelivery to reach the receiver' },
    );
    const ids = receiver.received.filter((r) => r.body.includes('"webhook.test"')).map((r) => r.headers['webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    await expectAccessible(page);
    await screenshot(page, 'webhooks');
    await screenshotOnPhone(page, 'webhooks-phone', (p) => p.getByTestId('delivery').first().waitFor());

    // Edit: switch it off.
    await panel.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the endpoint' });
    await edit.getByRole('switch', { name: 'Enabled' }).uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await rowsOf(page, 'Webhook endpoints'))[0]).toContain('Disabled');
    expect((await gw.request('GET', `/v1/webhooks/${endpoints[0].id}`, { token: owner })).body.enabled).toBe(false);

    // Rotate: the new secret, once.
    await panel.getByRole('button', { name: 'Rotate secret' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the signing secret' });
    await rotate.getByRole('textbox', { name: /^Keep the old secret/ }).fill('0');
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByRole('dialog', { name: 'New signing secret' });
    const newSecret = await rotated.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await rotated.getByRole('button', { name: 'Done' }).click();

    // Delete, after a confirmation.
    await panel.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete the endpoint?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No endpoints yet.').waitFor();
    expect((await gw.request('GET', '/v1/webhooks', { token: owner })).body.data).toEqual([]);
    await page.close();
  }, 90_000);

  it('invites a person whose link, opened in a fresh browser, sets a password and signs them in', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Users');
    await page.getByRole('button', { name: 'Invite a person' }).click();
    const form = page.getByRole('dialog', { name: 'Invite a person' });

    // An address already in the account: the API's detail at the field, nothing written.
    const before = await gw.footprint();
    await form.getByRole('textbox', { name: 'Email' }).fill('admin@example.test');
    await form.getByRole('button', { name: 'Invite' }).click();
    await form.getByText('email is already registered').waitFor();
    expect(await form.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid')).toBe('true');
    expect((await gw.footprint()).users).toBe(before.users);
    await expectAccessible(page);
    await screenshot(page, 'users-error');

    await form.getByRole('textbox', { name: 'Email' }).fill('new.person@example.test');
    await form.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Viewer' }).click();
    await form.getByRole('button', { name: 'Invite' }).click();
    const shown = page.getByRole('dialog', { name: 'new.person@example.test is invited' });
    const link = await shown.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(link).toMatch(new RegExp(`^${gw.url}/console/accept-invite\\?token=inv_`));
    await shown.getByRole('button', { name: 'Copy invitation link' }).waitFor();
    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'new.person@example.test', exact: true }).waitFor();
    expect((await rowsOf(page, 'People of the account')).find((r) => r.includes('new.person'))).toContain('invited');
    const listed = (await gw.request('GET', '/v1/users', { token: owner })).body.data;
    expect(listed.find((u: { email: string }) => u.email === 'new.person@example.test')).toMatchObject({
      role: 'viewer',
      status: 'invited',
    });

    // The invited person, in a browser of their own.
    const invitee = await newPage(browser);
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await invitee.getByLabel('New password').fill('a long new password');
    await invitee.getByLabel('Repeat the password').fill('a long new password');
    await invitee.getByRole('button', { name: 'Join' }).click();
    await invitee.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();
    await invitee.getByText('new.person@example.test (viewer)').waitFor();
    await invitee.close();
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Users' }).waitFor();
    await expect
      .poll(async () => (await rowsOf(page, 'People of the account')).find((r) => r.includes('new.person')))
      .toContain('active');
    await expectAccessible(page);
    await screenshot(page, 'users');
    await screenshotOnPhone(page, 'users-phone', (p) =>
      p.getByRole('cell', { name: 'new.person@example.test', exact: true }).waitFor(),
    );

    // Change the role, then remove the person.
    await page.getByRole('combobox', { name: 'Role of new.person@example.test' }).click();
    await page.getByRole('option', { name: 'Developer' }).click();
    await page.getByText('new.person@example.test is now developer').waitFor();
    const changed = (await gw.request('GET', '/v1/users', { token: owner })).body.data;
    expect(changed.find((u: { email: string }) => u.email === 'new.person@example.test').role).toBe('developer');

    await page.getByRole('button', { name: 'Remove new.person@example.test' }).click();
    await page.getByRole('dialog', { name: 'Remove this person?' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('cell', { name: 'new.person@example.test', exact: true }).waitFor({ state: 'detached' });
    const remaining = (await gw.request('GET', '/v1/users', { token: owner })).body.data;
    expect(remaining.map((u: { email: string }) => u.email)).not.toContain('new.person@example.test');
    await page.close();
  }, 90_000);

  it('creates an API client whose secret is shown once and works at the token endpoint; rotates and revokes it', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'API clients');
    await page.getByRole('button', { name: 'New client' }).click();
    const form = page.getByRole('dialog', { name: 'New API client' });

    // No scope at all: the API's detail at the scopes, nothing created.
    await form.getByRole('textbox', { name: /^Name/ }).fill('billing-service');
    await form.getByRole('checkbox', { name: /^messages:send/ }).uncheck();
    await form.getByRole('checkbox', { name: /^messages:read/ }).uncheck();
    await form.getByRole('button', { name: 'Create client' }).click();
    await form.getByText(/scopes must contain at least 1 element/).waitFor();
    expect((await gw.request('GET', '/v1/oauth-clients', { token: owner })).body.data).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'api-clients-error');

    await form.getByRole('checkbox', { name: /^messages:send/ }).check();
    await form.getByRole('button', { name: 'Create client' }).click();
    const shown = page.getByRole('dialog', { name: 'billing-service created' });
    const clientId = await shown.getByRole('textbox', { name: 'Client ID' }).inputValue();
    const clientSecret = await shown.getByRole('textbox', { name: 'Client secret' }).inputValue();
    expect(clientSecret).toMatch(/^cs_/);
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(clientSecret);
    expect((await rowsOf(page, 'API clients'))[0]).toContain(clientId);

    const token = (secret: string) =>
      gw.request('POST', '/v1/oauth/token', {
        json: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
      });
    const issued = await token(clientSecret);
    expect(issued.status).toBe(200);
    expect(issued.body.scope).toBe('messages:send');
    await expectAccessible(page);
    await screenshot(page, 'api-clients');
    await screenshotOnPhone(page, 'api-clients-phone', (p) =>
      p.getByRole('cell', { name: 'billing-service', exact: true }).waitFor(),
    );

    await page.getByRole('button', { name: 'Rotate the secret of billing-service' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the client secret?' })
      .getByRole('button', { name: 'Rotate secret' })
      .click();
    const rotated = page.getByRole('dialog', { name: 'New secret for billing-service' });
    const newSecret = await rotated.getByRole('textbox', { name: 'Client secret' }).inputValue();
    expect(newSecret).not.toBe(clientSecret);
    await rotated.getByRole('button', { name: 'Done' }).click();
    expect((await token(clientSecret)).status).toBe(401);
    expect((await token(newSecret)).status).toBe(200);

    await page.getByRole('button', { name: 'Revoke billing-service' }).click();
    await page.getByRole('dialog', { name: 'Revoke the client?' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('No API clients yet.').waitFor();
    expect((await token(newSecret)).status).toBe(401);
    await page.close();
  }, 60_000);

  it('lists the audit trail of what was done above, filtered by action, target, actor and time', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Audit log');
    await expect.poll(async () => (await rowsOf(page, 'Audit events')).length).toBeGreaterThan(5);

    await page.getByRole('combobox', { name: 'Action' }).fill('suppression.removed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rowsOf(page, 'Audit events')).toHaveLength(1);
    expect((await rowsOf(page, 'Audit events'))[0]).toContain('+4915123450202');

    // A target in the list narrows the log to that object (people show by their email).
    const users = (await gw.request('GET', '/v1/users', { token: owner })).body.data;
    const ownerId = users.find((u: { email: string }) => u.email === 'admin@example.test').id;
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'Only events about user admin@example.test' }).first().click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Target ID' }).inputValue()).toBe(ownerId);
    const api = await gw.request('GET', `/v1/audit-events?targetId=${ownerId}`, { token: owner });
    await expect.poll(async () => (await rowsOf(page, 'Audit events')).length).toBe(api.body.data.length);
    expect((await rowsOf(page, 'Audit events')).every((r) => r.includes('useradmin@example.test'))).toBe(true);

    await page
      .getByRole('button', { name: /^Details of user\.signed_in/ })
      .first()
      .click();
    await page.getByRole('dialog', { name: 'user.signed_in' }).waitFor();
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Target ID' }).fill('');

    // By actor: what the owner did, as many as the API counts (up to a page).
    await page.getByLabel('Actor').first().click();
    await page.getByRole('option', { name: 'admin@example.test' }).click();
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Filter' }).click();
    const byActor = await gw.request('GET', `/v1/audit-events?actorId=${ownerId}&limit=30`, { token: owner });
    expect(byActor.body.data.length).toBeGreaterThan(0);
    await expect.poll(async () => (await rowsOf(page, 'Audit events')).length).toBe(byActor.body.data.length);
    // From tomorrow on: nothing yet.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    await page.getByLabel('From').fill(tomorrow);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rowsOf(page, 'Audit events')).toEqual(['No events match.']);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(async () => (await rowsOf(page, 'Audit events')).length).toBeGreaterThan(5);
    await expectAccessible(page);
    await screenshot(page, 'audit');
    await screenshotOnPhone(page, 'audit-phone', (p) =>
      p.getByRole('button', { name: 'Details', exact: false }).first().waitFor(),
    );
    await page.close();
  }, 60_000);
});
