import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../apps/console/build';
import { accessModule } from '../../apps/modules/access/access.module';
import { launchChromium } from '../support/chromium';
import {
  type ConsolePage,
  chromiumMissing,
  expectOneOutOfStock,
  openConsolePage,
  runJobNow,
} from '../support/console-page';
import { freePort } from '../support/free-port';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';

/** Screenshots of every view: looked at by people, never committed. */
const ARTIFACTS = 'test-artifacts/console';
/** `npm run docs:console` sets it: the README's screenshot is written there too. */
const README_SCREENSHOT = process.env.CONSOLE_SCREENSHOT;

const CSV = [
  'store,item,count',
  'Oslo,widget,12',
  'Oslo,gadget,0',
  'Oslo,sprocket,-3',
  'Bergen,widget',
].join('\n');

const noChromium = chromiumMissing();
if (noChromium) console.warn(`SKIPPED the admin console browser test: ${noChromium}`);

/**
 * The admin console in headless Chromium against a real server on loopback with AUTH=required:
 * signed in with an admin API key, it shows what the public API says, live events as they are
 * committed, and its buttons act (redrive, run now), all under the console's CSP with no error
 * in the browser's console.
 */
describe.skipIf(noChromium)(
  `the admin console, in headless Chromium${noChromium ? ` (skipped: ${noChromium})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let bundle: ReturnType<typeof tempDir>;
    let base: string;
    let key: string;
    let browser: Browser;
    let page: Page;
    let tab: ConsolePage;
    let problems: string[];

    const api = async (method: string, path: string, body?: unknown, type = 'application/json') => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': type }),
        },
        body:
          body === undefined
            ? null
            : type === 'application/json'
              ? JSON.stringify(body)
              : (body as string),
      });
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
      return text ? JSON.parse(text) : undefined;
    };
    /** Lets the server finish what its responses left running: uploads, events, jobs. */
    const settle = async () => {
      await server.background.drain();
      await server.relay?.drain();
    };
    const open = (view: string, heading: string) => tab.open(view, heading);
    const shoot = (view: string) => tab.shoot(view);

    beforeAll(async () => {
      bundle = tempDir('console-');
      await buildConsole(bundle.path);
      // The filesystem store's presigned links (thumbnails) name the server's origin.
      const port = await freePort();
      server = await startTestServer(
        { auth: 'required', port },
        {
          consoleDir: bundle.path,
          env: { ...process.env, OBJECTS_PUBLIC_URL: `http://127.0.0.1:${port}` },
        },
      );
      base = await server.app.listen({ host: '127.0.0.1', port });
      ({ key } = await server.composed
        .services(accessModule)
        .apiKeys.create('console test', 'admin'));
      browser = await launchChromium();
      tab = await openConsolePage(browser, ARTIFACTS);
      ({ page, problems } = tab);
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      await server?.dispose();
      bundle?.remove();
    });

    it('signs in with an API key and refuses a wrong one with the API message', async () => {
      const response = await page.goto(`${base}/admin`);
      expect(response?.url()).toBe(`${base}/admin/`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.fill('input[name=key]', 'ak_not_a_key');
      await page.click('button[type=submit]');
      await expect(page.textContent('[role=alert]')).resolves.toContain('AUTH.UNAUTHENTICATED');
      // The one error this run expects: Chromium logs the refused call.
      expect(problems).toEqual([expect.stringMatching(/status of 401/)]);
      problems.length = 0;
      await page.fill('input[name=key]', key);
      await page.click('button[type=submit]');
      await page.waitForSelector('h2:text-is("Live events")');
      await page.waitForSelector('.live-status.live');
    });

    it('shows a user and an order created through the API live, then in their views', async () => {
      const user = await api('POST', '/users', {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        age: 36,
      });
      const order = await api('POST', '/orders', {
        userId: user.id,
        currency: 'EUR',
        items: [{ sku: 'engine', quantity: 1, unitPrice: 1_250_00 }],
      });
      await page.waitForSelector(`.event[data-type="user.created"] code:text-is("${user.id}")`);
      await page.waitForSelector(`.event[data-type="order.created"] code:text-is("${order.id}")`);
      const types = await page.$$eval('.event', (items) =>
        items.map((item) => item.getAttribute('data-type')),
      );
      // Newest first: the order came after the user.
      expect(types.indexOf('order.created')).toBeLessThan(types.indexOf('user.created'));
      await shoot('feed');

      await open('users', 'Users');
      await page.waitForSelector('td:text-is("ada@example.com")');
      await shoot('users');
      // Above the high-value threshold (1000.00): the rules flag it once its event is delivered.
      const small = await api('POST', '/orders', {
        userId: user.id,
        currency: 'EUR',
        items: [{ sku: 'pencil', quantity: 2, unitPrice: 5_00 }],
      });
      await settle();
      await open('orders', 'Orders');
      await page.waitForSelector(`tr.flagged td.id:text-is("${order.id}")`);
      await page.waitForSelector(`tr:not(.flagged) td.id:text-is("${small.id}")`);
      await page.check('input[name=flagged]');
      await page.waitForSelector(`td.id:text-is("${small.id}")`, { state: 'detached' });
      const flagged = await page.$$eval('tbody td.id:first-child', (cells) =>
        cells.map((cell) => cell.textContent),
      );
      expect(flagged).toEqual([order.id]);
      await shoot('orders');
    });

    it('highlights out-of-stock levels and lists an import’s rejected lines', async () => {
      const accepted = await api('POST', '/inventory/imports', CSV, 'text/csv');
      await settle();
      await expectOneOutOfStock(tab, { listed: 'widget', out: 'gadget' });

      await open('imports', 'Inventory imports');
      // Listed newest first (GET /inventory/imports); picked, it shows its rejected lines.
      await page.click('table.pick tbody tr >> nth=0');
      await page.waitForSelector(`.card code:text-is("${accepted.id}")`);
      await page.waitForSelector('table.rejected');
      const lines = await page.$$eval('table.rejected tbody tr td:first-child', (cells) =>
        cells.map((cell) => cell.textContent),
      );
      expect(lines).toEqual(['4', '5']);
      await shoot('imports');

      await open('notifications', 'Notifications');
      await page.waitForSelector('td:text-is("Inventory Alert!")');
      await shoot('notifications');
    });

    it('redrives a dead letter', async () => {
      const [consumer] = server.composed.consumers;
      await consumer!.queue.send({ body: '{"type": "user_signup"' });
      for (const worker of server.workers) await worker.drain();
      await open('queues', 'Queues and dead letters');
      await page.waitForSelector('table.dead-letters td:text-matches("^INVALID_JSON")');
      await shoot('queues');
      await page.click('button:text-matches("^Redrive 1 dead letter$")');
      await page.waitForSelector('[role=status]:text-is("1 moved back to the queue")');
      await page.waitForSelector('p.empty:text-is("No dead letters.")');
      expect(await consumer!.queue.deadLetters(10)).toEqual([]);
    });

    it('runs a scheduled job now and shows its last run', async () => {
      await runJobNow(tab, 'store-heartbeat');
      const listed = await api('GET', '/jobs');
      const heartbeat = listed.items.find(
        (job: { name: string }) => job.name === 'store-heartbeat',
      );
      expect(heartbeat.lastRun).toMatchObject({ outcome: 'succeeded' });
      await shoot('jobs');
    });

    it('draws a lottery draw as its state machine, with the path taken highlighted', async () => {
      await api(
        'POST',
        '/lottery/employees',
        [1, 2, 3, 4].map((n) => ({ employee_id: `e${n}`, employee_name: `Employee ${n}` })),
      );
      const started = await api('POST', '/lottery/draws', { winners: 2 });
      let draw = started;
      while (draw.status === 'running') {
        await settle();
        draw = await api('GET', `/lottery/draws/${started.id}`);
      }
      expect(draw.status).toBe('succeeded');
      await open('draws', 'Lottery draws');
      await page.click('table.pick tbody tr >> nth=0');
      await page.waitForSelector(`.card code:text-is("${started.id}")`);
      await page.waitForSelector('svg.machine');
      const visited = await page.$$eval('svg.machine g.state.visited', (nodes) =>
        nodes.map((node) => node.getAttribute('data-state')),
      );
      expect(visited).toEqual(
        expect.arrayContaining([
          'Input Lottery Winners',
          'Random Select Winners',
          'Validate Winners',
          'Notify Winners',
          'Record Winner Queue',
        ]),
      );
      expect(visited).not.toContain('Draw Failed');
      await expect(
        page.locator('svg.machine g.edge.taken').count(),
      ).resolves.toBeGreaterThanOrEqual(6);
      await shoot('draws');
      if (README_SCREENSHOT) {
        mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
        await page.screenshot({ path: README_SCREENSHOT });
      }
    });

    it('shows image thumbnails fetched with the key', async () => {
      // A picture worth a thumbnail in the screenshots: a sunset drawn as SVG, rasterized by sharp.
      const png = await sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
            <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0" stop-color="#2f5fd0"/><stop offset="1" stop-color="#f6ad55"/>
            </linearGradient></defs>
            <rect width="640" height="480" fill="url(#sky)"/>
            <circle cx="320" cy="330" r="90" fill="#fbd38d"/>
            <rect y="340" width="640" height="140" fill="#2c5282"/>
          </svg>`,
        ),
      )
        .png()
        .toBuffer();
      const response = await fetch(`${base}/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'image/png' },
        body: new Uint8Array(png),
      });
      expect(response.status).toBe(202);
      await settle();
      await open('images', 'Images');
      const thumbnail = page.locator('img.thumb');
      await thumbnail.waitFor();
      await expect(thumbnail.getAttribute('src')).resolves.toMatch(/^blob:/);
      await page.waitForFunction(`document.querySelector('img.thumb').naturalWidth > 0`);
      await shoot('images');
    });

    it('ran every view with no error and no CSP violation in the browser', () => {
      expect(problems).toEqual([]);
    });

    it('signs a reader key in, and shows the API’s refusal on the admin views', async () => {
      const { key: reader } = await server.composed
        .services(accessModule)
        .apiKeys.create('console reader', 'reader');
      await page.click('button:text-is("Sign out")');
      await page.fill('input[name=key]', reader);
      await page.click('button[type=submit]');
      // Signed in again, on the view the hash names.
      await page.waitForSelector('nav');
      await open('queues', 'Queues and dead letters');
      await expect(page.textContent('[role=alert]')).resolves.toMatch(/^AUTH\.FORBIDDEN /);
      await open('stock', 'Stock levels');
      await page.waitForSelector('tr.out-of-stock');
      // Chromium logs each refused call (sign-in's probe, the queue routes), and nothing else.
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.filter((line) => !/status of 403/.test(line))).toEqual([]);
    });
  },
);
