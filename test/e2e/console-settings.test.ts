import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { expectAccessible, openPage, PHONE, screenshot, screenshotOnPhone, signIn } from '../support/console.js';
import { TestGateway } from '../support/gateway.js';

/** The console's My profile and Settings pages in a real Chromium against a real gateway. */
describe('the console profile and settings pages', () => {
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

  const passwordHash = async (id: string) =>
    (await gw.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [id])).rows[0]
      .password_hash;
  const settingsWrites = async () =>
    Number(
      (await gw.db.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'account.settings.updated'`)).rows[0].n,
    );

  it('changes the password from My profile, refusing bad input at its field, and signs in with the new one', async () => {
    const developer = await gw.addMember(owner, 'developer');
    const page = await signIn(browser, gw, { email: developer.email, password: developer.password });
    // Reached from the header's email button.
    await page.getByRole('link', { name: `${developer.email} (developer)` }).click();
    await page.getByRole('heading', { level: 2, name: 'My profile' }).waitFor();
    await page.getByText(developer.id).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'messages:send' }).count()).toBe(1);
    const before = await passwordHash(developer.id);

    // A wrong current password: the API's detail stands at that field, nothing changes.
    const current = page.getByLabel(/^Current password/);
    await current.fill('not my password');
    await page.getByLabel(/^New password/).fill('a brand new password');
    await page.getByLabel(/^Repeat the new password/).fill('a brand new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('UNAUTHENTICATED');
    await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('The current password is wrong').count()).toBeGreaterThan(1);
    expect(await passwordHash(developer.id)).toBe(before);

    // Too short a new one: the API's rule at the New password field.
    await current.fill(developer.password);
    await page.getByLabel(/^New password/).fill('short');
    await page.getByLabel(/^Repeat the new password/).fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('VALIDATION_FAILED');
    await expect.poll(() => page.getByLabel(/^New password/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('newPassword must be at least 10 characters').count()).toBeGreaterThan(0);
    expect(await passwordHash(developer.id)).toBe(before);
    await expectAccessible(page);
    await screenshot(page, 'profile-error');

    // The change ends every session of the old password, this tab's too: the page starts over at sign-in.
    await page.getByLabel(/^New password/).fill('a brand new password');
    await page.getByLabel(/^Repeat the new password/).fill('a brand new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect.poll(() => page.getByText('Your password was changed').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('smsgw.refreshToken'))).toBeNull();
    expect(await passwordHash(developer.id)).not.toBe(before);
    const old = await gw.request('POST', '/v1/auth/login', {
      json: { email: developer.email, password: developer.password },
    });
    expect(old.status).toBe(401);
    // The session from before the change is over on the server too.
    const refreshed = await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: developer.refreshToken } });
    expect(refreshed.status).toBe(401);

    await page.getByLabel('Email').fill(developer.email);
    await page.locator('input[type=password]').fill('a brand new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.close();
  }, 90_000);

  it('reaches My profile from the navigation on a phone, where the header has no room for the email', async () => {
    const page = await signIn(browser, gw, { viewport: PHONE });
    await openPage(page, 'My profile');
    await page.getByRole('main').getByText('admin@example.test').waitFor();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'profile-phone');
    await page.close();
  }, 60_000);

  it('lets the owner edit the settings, shows a bad reply text at its field, and saves nothing of a refused edit', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Settings');
    const sticky = page.getByRole('switch', { name: 'Sticky recipients' });
    expect(await sticky.isChecked()).toBe(false);
    await sticky.click();
    expect(await sticky.isChecked()).toBe(true);
    await page.getByLabel('Reply to STOP').fill('Unsubscribed from Acme. Reply START to come back.');
    await page.getByLabel('Reply to HELP').fill('x'.repeat(321));
    await page.getByText('Sent when someone asks for help · 321 of 320 characters').waitFor();
    const writes = await settingsWrites();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('VALIDATION_FAILED');
    await expect.poll(() => page.getByLabel('Reply to HELP').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('help must be shorter than or equal to 320 characters').count()).toBeGreaterThan(0);
    // All or nothing: the valid switch and STOP text were not saved either.
    expect((await gw.request('GET', '/v1/account/settings', { token: owner })).body).toEqual({
      stickyRecipients: false,
    });
    expect(await settingsWrites()).toBe(writes);
    await expectAccessible(page);
    await screenshot(page, 'settings-error');

    await page.getByLabel('Reply to HELP').fill('Acme alerts. Reply STOP to unsubscribe.');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings are changed.').waitFor();
    expect((await gw.request('GET', '/v1/account/settings', { token: owner })).body).toEqual({
      stickyRecipients: true,
      keywordReplies: {
        stop: 'Unsubscribed from Acme. Reply START to come back.',
        help: 'Acme alerts. Reply STOP to unsubscribe.',
      },
    });
    expect(await settingsWrites()).toBe(writes + 1);

    // What was saved is what the page shows after a reload; emptying a text puts the default back.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Settings' }).waitFor();
    await expect
      .poll(() => page.getByLabel('Reply to HELP').inputValue())
      .toBe('Acme alerts. Reply STOP to unsubscribe.');
    expect(await page.getByRole('switch', { name: 'Sticky recipients' }).isChecked()).toBe(true);
    await page.getByLabel('Reply to HELP').fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await gw.request('GET', '/v1/account/settings', { token: owner })).body)
      .toEqual({
        stickyRecipients: true,
        keywordReplies: { stop: 'Unsubscribed from Acme. Reply START to come back.' },
      });
    // axe judges the notification too, once it has faded in (half-faded text has half the contrast).
    const saved = page.getByText('The settings are changed.');
    await expect
      .poll(() =>
        saved.evaluate((el) => {
          let opacity = 1;
          for (let node = el.closest('*'); node; node = node.parentElement) {
            opacity *= Number(node.ownerDocument.defaultView!.getComputedStyle(node).opacity);
          }
          return opacity;
        }),
      )
      .toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'settings');
    await screenshotOnPhone(page, 'settings-phone');

    // Allowed countries: an unknown code is shown at the field and saves nothing; good codes save.
    const countries = page.getByLabel('Allowed countries');
    await countries.fill('de, XX');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => countries.getAttribute('aria-invalid')).toBe('true');
    expect((await gw.request('GET', '/v1/account/settings', { token: owner })).body.allowedCountries).toBeUndefined();
    await countries.fill('de, at');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await gw.request('GET', '/v1/account/settings', { token: owner })).body.allowedCountries)
      .toEqual(['AT', 'DE']);
    await page.reload();
    await expect.poll(() => page.getByLabel('Allowed countries').inputValue()).toBe('AT, DE');
    await screenshot(page, 'settings-countries');
    await gw.request('PATCH', '/v1/account/settings', { token: owner, json: { allowedCountries: null } });
    await page.close();
  }, 90_000);

  it('shows a viewer the settings without a way to change them', async () => {
    const set = await gw.request('PATCH', '/v1/account/settings', {
      token: owner,
      json: { stickyRecipients: true, keywordReplies: { stop: 'Unsubscribed from Acme. Reply START to come back.' } },
    });
    expect(set.status).toBe(200);
    const viewer = await gw.addMember(owner, 'viewer');
    const page = await signIn(browser, gw, { email: viewer.email, password: viewer.password });
    await openPage(page, 'Settings');
    await page.getByText('Only an owner or admin of the account can change these settings.').waitFor();
    await expect
      .poll(() => page.getByLabel('Reply to STOP').inputValue())
      .toBe('Unsubscribed from Acme. Reply START to come back.');
    await page.getByText('Sticky recipients: on').waitFor();
    expect(await page.getByRole('switch').count()).toBe(0);
    expect(await page.getByLabel('Reply to STOP').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    // The API agrees: a viewer may read but not change them.
    const refused = await gw.request('PATCH', '/v1/account/settings', {
      token: viewer.accessToken,
      json: { stickyRecipients: false },
    });
    expect(refused.status).toBe(403);
    await expectAccessible(page);
    await screenshot(page, 'settings-viewer');
    await page.close();
  }, 60_000);
});
