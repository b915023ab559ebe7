import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureChromium } from './chromium';

/**
 * Why the browser is missing, when it is and cannot be installed here (no root): the only reason
 * a console browser test skips, and .ci/run counts a skip as a failure.
 */
export const chromiumMissing = (): string | undefined => {
  try {
    ensureChromium();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

export interface ConsolePage {
  page: Page;
  /** The browser's console errors, uncaught page errors and CSP violations, in order. */
  problems: string[];
  /** Clicks a view's link in the nav and waits for its heading. */
  open(view: string, heading: string): Promise<void>;
  /** A full-page screenshot of the view, into the test's artifacts folder. */
  shoot(view: string): Promise<unknown>;
}

/**
 * A tab for the admin console that records everything going wrong in it: console errors,
 * uncaught errors, and every Content-Security-Policy violation (reported as a console error).
 */
export const openConsolePage = async (
  browser: Browser,
  artifacts: string,
): Promise<ConsolePage> => {
  const problems: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  // Browser-side code is given as text: this project's TypeScript has no DOM types.
  await page.addInitScript(`
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
      });
    `);
  mkdirSync(artifacts, { recursive: true });
  return {
    page,
    problems,
    async open(view, heading) {
      await page.click(`nav a[href="#/${view}"]`);
      await page.waitForSelector(`h2:text-is("${heading}")`);
    },
    shoot: (view) => page.screenshot({ path: join(artifacts, `${view}.png`), fullPage: true }),
  };
};

/** The Stock view lists `listed` and highlights exactly one level, `out`'s, as out of stock. */
export const expectOneOutOfStock = async (
  { page, open, shoot }: ConsolePage,
  { listed, out }: { listed: string; out: string },
) => {
  await open('stock', 'Stock levels');
  await page.waitForSelector(`td:text-is("${listed}")`);
  const rows = page.locator('tr.out-of-stock');
  await expect(rows.count()).resolves.toBe(1);
  await expect(rows.textContent()).resolves.toContain(out);
  await shoot('stock');
};

/** Runs a scheduled job that never ran with the Jobs view's Run now, and waits for its success. */
export const runJobNow = async ({ page, open }: ConsolePage, job: string) => {
  await open('jobs', 'Scheduled jobs');
  const row = page.locator(`tr[data-job="${job}"]`);
  await expect(row.locator('.muted').textContent()).resolves.toBe('never');
  await row.locator('button:text-is("Run now")').click();
  await row.locator('.badge.succeeded').waitFor();
};
