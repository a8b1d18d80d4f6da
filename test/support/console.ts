import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SCREENSHOTS } from './browser.js';
import { ADMIN_PASSWORD, type TestGateway } from './gateway.js';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const DOCS_SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url);

/**
 * A screenshot a person looks at: always under test-results/screenshots/, and into
 * docs/screenshots/ (the README's pictures) when UPDATE_SCREENSHOTS=1.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const path = fileURLToPath(new URL(`console-${name}.png`, SCREENSHOTS));
  await page.screenshot({ path, fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    copyFileSync(path, fileURLToPath(new URL(`${name}.png`, DOCS_SCREENSHOTS)));
  }
}

/**
 * The same page at a phone's width (390 px), loaded afresh at that size (a page resized in place
 * can be caught mid-layout), then back to where it was.
 */
export async function screenshotOnPhone(
  page: Page,
  name: string,
  /** Waits for what the picture should show (data the page loads after its heading). */
  ready?: (page: Page) => Promise<unknown>,
): Promise<void> {
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await ready?.(page);
  await screenshot(page, name);
  await page.setViewportSize(size);
}

/** A page in its own browser context (its own storage; axe-core needs a context of its own). */
export async function newPage(browser: Browser, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // The browser may be closing already (afterAll right after a test's page.close()): nothing to do then.
  page.on('close', () => void context.close().catch(() => undefined));
  return page;
}

/** A new browser page signed in to the console through its sign-in form, as a person does. */
export async function signIn(
  browser: Browser,
  gw: TestGateway,
  options: { email?: string; password?: string; viewport?: { width: number; height: number }; path?: string } = {},
): Promise<Page> {
  const page = await newPage(browser, options.viewport);
  await page.goto(`${gw.url}/console${options.path ?? '/'}`);
  await page.getByLabel('Email').fill(options.email ?? 'admin@example.test');
  await page.locator('input[type=password]').fill(options.password ?? ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** Opens a console page by its navigation link (the menu folds away on a phone-sized screen). */
export async function openPage(page: Page, label: string): Promise<void> {
  const burger = page.getByRole('button', { name: 'Toggle navigation' });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: label }).first().waitFor();
}

/** axe-core on the page as it is now: no serious or critical violation (issue 16's bar). */
export async function expectAccessible(page: Page): Promise<void> {
  // A dialog still fading in has its text at part opacity: axe would measure the fade, not the page.
  await page.waitForFunction(() => {
    // Typed by hand: this file is compiled without the DOM's types.
    type Running = { playState: string; effect: { getComputedTiming(): { endTime?: number | string } } | null };
    const { document } = globalThis as unknown as { document: { getAnimations(): Running[] } };
    return document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity);
  });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  expect(bad).toEqual([]);
}

/**
 * Closes the open notifications (one at a time, from the first), so a click, a screenshot or axe
 * reaches the page under them.
 */
export async function dismissNotifications(page: Page): Promise<void> {
  const notifications = page.locator('.mantine-Notification-root');
  await expect
    .poll(async () => {
      const close = notifications.getByRole('button', { name: 'Close' }).first();
      if ((await notifications.count()) > 0) await close.click({ timeout: 1_000 }).catch(() => undefined);
      return notifications.count();
    })
    .toBe(0);
  // The close buttons sit over the header's Sign out button: a pointer left there hovers it.
  await page.mouse.move(0, 0);
}
