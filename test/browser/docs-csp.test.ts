import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startTestServer } from '../support/test-server';

/**
 * The /docs page's strict CSP (adapters/fastify/docs.ts), in a real browser: Swagger UI renders
 * the API under it with no violation reported, and the same page refuses inline script.
 */
describe('Swagger UI under its CSP, in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let base: string;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    base = await server.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('renders every operation with no CSP violation, and blocks an inline script', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // Browser-side code is given as text: this project's TypeScript has no DOM types.
    await page.addInitScript(`
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.violations.push(event.violatedDirective + ' ' + event.blockedURI);
      });
    `);
    const response = await page.goto(`${base}/docs/`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('.swagger-ui .opblock', { timeout: 30_000 });
    const title = await page.textContent('.swagger-ui .info .title');
    const openapi = (await (await fetch(`${base}/docs/json`)).json()) as {
      info: { title: string };
      paths: Record<string, object>;
    };
    expect(title).toContain(openapi.info.title);
    const operations = await page.locator('.swagger-ui .opblock').count();
    const documented = Object.values(openapi.paths).reduce(
      (sum: number, item) => sum + Object.keys(item).length,
      0,
    );
    expect(operations).toBe(documented);
    expect(violations).toEqual([]);
    expect(await page.evaluate('window.violations')).toEqual([]);

    // What the CSP is for: script the page did not load from its own origin does not run.
    const ranInline = await page.evaluate(`(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return window.inlineRan === true;
    })()`);
    expect(ranInline).toBe(false);
    expect(await page.evaluate('window.violations')).toEqual([
      expect.stringMatching(/^script-src/),
    ]);
    await page.close();
  });
});
