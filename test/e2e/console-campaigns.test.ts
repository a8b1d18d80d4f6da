import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import {
  dismissNotifications,
  expectAccessible,
  openPage,
  screenshot,
  screenshotOnPhone,
  signIn,
} from '../support/console.js';
import { TestGateway } from '../support/gateway.js';

/** German mobiles (Europe/Berlin), as in test/e2e/campaigns.test.ts. */
const de = (i: number) => `+4915112${String(i).padStart(6, '0')}`;

/** Three good rows, one invalid number, one duplicate; Grace has no code (the template's default fills it). */
const RECIPIENTS = [
  'Mobile,First name,Code',
  `${de(101)},Ada,1111`,
  `${de(102)},Grace,`,
  `${de(103)},Linus,3333`,
  'not-a-number,Bob,4444',
  `${de(101)},Ada again,5555`,
].join('\n');

/** Picks `option` in the Mantine Select labelled `label`. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  // A click while the options are still fading out would land on them.
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
}

async function downloadText(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return readFileSync(await download.path(), 'utf8');
}

/** The Templates and Campaigns pages in a real Chromium, with a headless phone delivering. */
describe('console: templates and campaigns', () => {
  let gw: TestGateway;
  let browser: Browser;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start({ CAMPAIGN_TICK_MS: '100' });
    browser = await launchChromium();
    owner = await gw.login();
    // Reports delivery a second after sending: the page sees the counts move.
    await gw.pairAgent(owner, { name: 'campaign-phone', deliveryMs: 1000 });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  it('creates, previews, refuses a bad body, and deletes templates', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Templates');
    await page.getByText('No templates yet.').waitFor();

    await page.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog', { name: 'New template' });
    await dialog.getByLabel('Name').fill('Reminder');
    await dialog.getByLabel('Text').fill('Hi {{name}}, your code is {{code}}.');
    // The variables found in the text, and a default offered for the first one without.
    await dialog.getByRole('button', { name: 'Add a default for name' }).click();
    await dialog.getByLabel('Variable of default 1').fill('code');
    await dialog.getByLabel('Value of default 1').fill('0000');
    await expectAccessible(page);
    await screenshot(page, 'templates-form');
    await dialog.getByRole('button', { name: 'Create template' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Saved: listed with its variables, and opened in the preview.
    const row = page.locator('tr[data-template="Reminder"]');
    await expect.poll(() => row.innerText()).toContain('code');
    const preview = page.getByRole('region', { name: 'Preview of Reminder' });
    await preview.getByLabel('name').fill('Ada');
    const text = preview.getByTestId('template-preview-text');
    await expect.poll(() => text.innerText()).toBe('Hi Ada, your code is 0000.');
    await expect.poll(() => preview.getByTestId('template-preview-count').innerText()).toContain('GSM-7 · 1 segment');
    await preview.getByLabel('code').fill('Grüße ✓');
    await expect.poll(() => preview.getByTestId('template-preview-count').innerText()).toContain('UCS-2');
    await dismissNotifications(page);
    await expectAccessible(page);
    await screenshot(page, 'templates');

    // A section is not a variable: the gateway's rule at the Text field, nothing saved.
    await page.getByRole('button', { name: 'New template' }).click();
    const second = page.getByRole('dialog', { name: 'New template' });
    await second.getByLabel('Name').fill('Throwaway');
    await second.getByLabel('Text').fill('Hello {{#list}}x{{/list}}');
    await second.getByRole('button', { name: 'Create template' }).click();
    await expect.poll(() => second.getByRole('alert').innerText()).toContain('VALIDATION_FAILED');
    await expect.poll(() => second.getByLabel('Text').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'templates-error');
    await second.getByLabel('Text').fill('Just a note');
    await second.getByRole('button', { name: 'Create template' }).click();
    await second.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Delete Throwaway' }).click();
    await page
      .getByRole('dialog', { name: 'Delete template Throwaway?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => page.locator('tr[data-template="Throwaway"]').count()).toBe(0);
    const listed = await gw.request('GET', '/v1/templates', { token: owner });
    expect(listed.body.data.map((t: { name: string }) => t.name)).toEqual(['Reminder']);
    await page.close();
  }, 90_000);

  it('runs the wizard: columns, preview, import report, launch, live counts to delivered, results CSV', async () => {
    const page = await signIn(browser, gw);
    await openPage(page, 'Campaigns');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { level: 2, name: 'New campaign' }).waitFor();
    await screenshotOnPhone(page, 'campaign-wizard-phone', (p) => p.getByLabel('Campaign name').waitFor());

    // 1. Message: nothing chosen yet is refused at its field.
    await page.getByRole('button', { name: 'Next: Recipients' }).click();
    await page.getByText('Give the campaign a name').waitFor();
    await page.getByLabel('Campaign name').fill('Spring reminders');
    await choose(page, 'Template', 'Reminder');
    await page.getByText('Hi {{name}}, your code is {{code}}.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'campaign-wizard-message');
    await page.getByRole('button', { name: 'Next: Recipients' }).click();

    // 2. Recipients: the header read in the browser; Mobile and Code found by name, name is not.
    await page.locator('input[type=file]').setInputFiles({
      name: 'spring.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(RECIPIENTS),
    });
    await expect.poll(() => page.getByTestId('csv-summary').innerText()).toContain('5 rows');
    expect(await page.getByRole('combobox', { name: 'Phone column' }).inputValue()).toBe('Mobile');
    expect(await page.getByRole('combobox', { name: 'Column for {{code}}' }).inputValue()).toBe('Code');
    await page.getByRole('button', { name: 'Next: Preview' }).click();
    await page.getByText('Choose a column, or give a default below').waitFor();
    await choose(page, 'Column for {{name}}', 'First name');
    await page.getByText('Choose a column, or give a default below').waitFor({ state: 'detached' });
    await expectAccessible(page);
    await screenshot(page, 'campaign-wizard-columns');
    await page.getByRole('button', { name: 'Next: Preview' }).click();

    // 3. Preview: the first three rows rendered and counted by the server.
    const previews = page.getByTestId('row-preview');
    await expect.poll(() => previews.count()).toBe(3);
    await expect.poll(() => previews.nth(0).innerText()).toContain('Hi Ada, your code is 1111.');
    expect(await previews.nth(1).innerText()).toContain('Hi Grace, your code is 0000.');
    expect(await previews.nth(0).innerText()).toContain('GSM-7 · 1 segment');
    await screenshot(page, 'campaign-wizard-preview');
    await page.getByRole('button', { name: 'Next: Schedule' }).click();

    // 4. Schedule: no quiet hours (the test may run at night in Berlin), no pace, start at launch.
    await page.getByLabel('Quiet from').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'campaign-wizard-schedule');
    await page.getByLabel(/^Quiet hours/).uncheck();
    await page.getByLabel('Quiet from').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Next: Review' }).click();

    // 5. Review: the draft is created, the file uploaded with the chosen columns, the report shown.
    await page.getByRole('button', { name: 'Create the draft and upload the recipients' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.getByTestId('report-rows').innerText()).toBe('5');
    expect(await report.getByTestId('report-recipients').innerText()).toBe('3');
    expect(await report.getByTestId('report-invalid').innerText()).toBe('1');
    expect(await report.getByTestId('report-duplicates').innerText()).toBe('1');
    expect(await report.innerText()).toContain('Line 5: “not-a-number” INVALID_PHONE_NUMBER');
    expect(await report.innerText()).toContain('DUPLICATE');
    const refused = await downloadText(page, 'Download refused rows (CSV)');
    expect(refused).toContain('not-a-number');
    await expectAccessible(page);
    await screenshot(page, 'campaign-wizard-report');
    const [draft] = (await gw.request('GET', '/v1/campaigns', { token: owner })).body.data;
    expect(draft).toMatchObject({ name: 'Spring reminders', state: 'draft', quietHours: null, pace: null });

    // Launch: the campaign's page follows it live to the end.
    await page.getByRole('button', { name: 'Launch now' }).click();
    await page.getByRole('heading', { level: 2, name: 'Campaign', exact: true }).waitFor();
    expect(page.url()).toContain(`/campaigns/${draft.id}`);
    const delivered = page.getByTestId('count-Delivered');
    await expect.poll(() => delivered.innerText(), { timeout: 30_000 }).toBe('3');
    await expect.poll(() => page.getByTestId('campaign-state').innerText(), { timeout: 15_000 }).toMatch(/completed/i);
    expect(await page.getByTestId('count-Invalid').innerText()).toBe('1');
    expect(await page.getByTestId('count-Duplicates').innerText()).toBe('1');
    // No action is left for a completed campaign.
    expect(await page.getByRole('button', { name: /Pause|Resume|Cancel campaign/ }).count()).toBe(0);
    await dismissNotifications(page);
    await expectAccessible(page);
    await screenshot(page, 'campaign');

    const results = await downloadText(page, 'Download results (CSV)');
    const lines = results.trim().split('\n');
    expect(lines[0]).toMatch(/^line,phoneNumber,status/);
    for (const n of [101, 102, 103]) {
      expect(lines.find((l) => l.includes(de(n)) && l.includes('delivered'))).toBeDefined();
    }
    const sent = await gw.request('GET', `/v1/messages?campaignId=${draft.id}`, { token: owner });
    expect(sent.body.data.map((m: { body: string }) => m.body).sort()).toEqual([
      'Hi Ada, your code is 1111.',
      'Hi Grace, your code is 0000.',
      'Hi Linus, your code is 3333.',
    ]);
    // A campaign's message says so on its page, with a link back to the campaign.
    await page.goto(`${gw.url}/console/messages/${sent.body.data[0].id as string}`);
    const sentBy = page.getByRole('link', { name: 'campaign', exact: true });
    await sentBy.waitFor();
    expect(await sentBy.getAttribute('href')).toBe(`/console/campaigns/${draft.id}`);

    // The list shows it with its progress.
    await openPage(page, 'Campaigns');
    const listed = page.locator('tr[data-campaign="Spring reminders"]');
    await expect.poll(() => listed.innerText()).toMatch(/completed/i);
    expect(await listed.getByTestId('campaign-delivered').innerText()).toBe('3 / 3');
    await screenshot(page, 'campaigns');
    await page.close();
  }, 120_000);

  it('pauses, resumes and cancels a slow campaign written in the wizard, and shows a viewer no action', async () => {
    const page = await signIn(browser, gw);
    await page.goto(`${gw.url}/console/campaigns/new`);
    await page.getByLabel('Campaign name').fill('Slow drip');
    await page.getByText('Write it here', { exact: true }).click();
    await page.getByLabel(/^Text/).fill('Our shop opens at {{time}}. Reply STOP to opt out.');
    // The variables are read from the text as it is written.
    await page.getByText('time', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Next: Recipients' }).click();
    // First a file the gateway cannot read (an unclosed quote): the draft stays, the file is refused.
    await page.locator('input[type=file]').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`phone,opening\n"${de(200)},9:00\n`),
    });
    await choose(page, 'Column for {{time}}', 'opening');
    await page.getByRole('button', { name: 'Next: Preview' }).click();
    await page.getByRole('button', { name: 'Next: Schedule' }).click();
    await page.getByLabel(/^Quiet hours/).uncheck();
    // One a minute: the first goes at once or within a minute, the rest wait.
    await page.getByLabel('Pace (messages per minute)').fill('1');
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await page.getByRole('button', { name: 'Create the draft and upload the recipients' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('VALIDATION_FAILED');
    expect(await page.getByRole('alert').innerText()).toContain('The file was not imported');
    const again = page.getByRole('button', { name: 'Upload the recipients again' });
    await expect.poll(() => again.getAttribute('data-loading')).toBeNull();
    await screenshot(page, 'campaign-wizard-refused');
    await page.getByRole('button', { name: 'Back to the recipients' }).click();
    await page.getByText('The draft is saved').waitFor();
    await expectAccessible(page);

    const rows = ['phone,opening', ...Array.from({ length: 6 }, (_, i) => `${de(200 + i)},9:00`)].join('\n');
    await page.locator('input[type=file]').setInputFiles({
      name: 'drip.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows),
    });
    await expect.poll(() => page.getByTestId('csv-summary').innerText()).toContain('6 rows');
    await choose(page, 'Column for {{time}}', 'opening');
    await page.getByRole('button', { name: 'Next: Preview' }).click();
    await expect
      .poll(() => page.getByTestId('row-preview').first().innerText())
      .toContain('Our shop opens at 9:00. Reply STOP to opt out.');
    await page.getByRole('button', { name: 'Next: Schedule' }).click();
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await page.getByRole('button', { name: 'Upload the recipients again' }).click();
    await expect.poll(() => page.getByTestId('report-recipients').innerText()).toBe('6');
    // One draft for both uploads.
    const drafts = (await gw.request('GET', '/v1/campaigns', { token: owner })).body.data;
    expect(drafts.filter((c: { name: string }) => c.name === 'Slow drip')).toHaveLength(1);
    await page.getByRole('button', { name: 'Launch now' }).click();

    const state = page.getByTestId('campaign-state');
    await expect.poll(() => state.innerText()).toMatch(/running/i);
    await dismissNotifications(page);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => state.innerText()).toMatch(/paused/i);
    await dismissNotifications(page);
    const id = page.url().split('/').pop()!;
    expect((await gw.request('GET', `/v1/campaigns/${id}`, { token: owner })).body.state).toBe('paused');
    await screenshot(page, 'campaign-paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => state.innerText()).toMatch(/running/i);
    await dismissNotifications(page);

    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancel Slow drip?' });
    await confirm.getByRole('button', { name: 'Cancel campaign' }).click();
    await expect.poll(() => state.innerText()).toMatch(/canceled/i);
    await expect.poll(() => page.getByTestId('count-Canceled').innerText()).not.toBe('0');
    const canceled = (await gw.request('GET', `/v1/campaigns/${id}`, { token: owner })).body;
    expect(canceled.state).toBe('canceled');
    expect(canceled.counts.canceled).toBeGreaterThanOrEqual(5);
    await screenshotOnPhone(page, 'campaign-phone', (p) => p.getByTestId('campaign-state').waitFor());
    await page.close();

    // A viewer follows campaigns but has no templates, no wizard and no action.
    const viewer = await gw.addMember(owner, 'viewer');
    const seen = await signIn(browser, gw, { email: viewer.email, password: viewer.password });
    const nav = seen.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Campaigns', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Templates', exact: true }).count()).toBe(0);
    await openPage(seen, 'Campaigns');
    await seen.locator('tr[data-campaign="Slow drip"]').waitFor();
    expect(await seen.getByRole('link', { name: 'New campaign' }).count()).toBe(0);
    await seen.getByRole('link', { name: 'Slow drip' }).click();
    await expect.poll(() => seen.getByTestId('campaign-state').innerText()).toMatch(/canceled/i);
    await seen.getByRole('button', { name: 'Download results (CSV)' }).waitFor();
    expect(await seen.getByRole('button', { name: /Launch|Pause|Resume|Cancel campaign/ }).count()).toBe(0);
    await seen.goto(`${gw.url}/console/campaigns/new`);
    await seen.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await seen.close();
  }, 120_000);
});
