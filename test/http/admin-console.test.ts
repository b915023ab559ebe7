import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { buildConsole } from '../../apps/console/build';
import { buildServer } from '../../apps/server/build-server';
import { tempDir } from '../support/temp-dir';
import { startTestServer, testConfig } from '../support/test-server';

describe('the server serves the admin console at /admin', () => {
  let bundle: ReturnType<typeof tempDir>;
  let script: string;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    bundle = tempDir('console-served-');
    script = (await buildConsole(bundle.path)).files.find((name) => name.endsWith('.js'))!;
    server = await startTestServer({ auth: 'required' }, { consoleDir: bundle.path });
  }, 60_000);
  afterAll(async () => {
    await server.dispose();
    bundle.remove();
  });

  it('redirects /admin to /admin/ and serves the page without a credential, under its CSP', async () => {
    const bare = await server.app.inject({ method: 'GET', url: '/admin' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/admin/');
    const page = await server.app.inject({ method: 'GET', url: '/admin/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain(`src="./${script}"`);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('serves hashed assets for good, compressed when the browser accepts it', async () => {
    const asset = await server.app.inject({
      method: 'GET',
      url: `/admin/${script}`,
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await server.app.inject({ method: 'GET', url: '/admin/nope.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('says what to run when the console is not built, and the API still answers', async () => {
    const empty = tempDir('console-missing-');
    // Not started: a second server's schedules would clash with the first's in this process.
    const bare = await buildServer({
      config: testConfig({ dataDir: empty.path }),
      logger: createPinoLogger({ level: 'silent' }),
      consoleDir: empty.path,
    });
    try {
      const page = await bare.app.inject({ method: 'GET', url: '/admin/' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('npm run build:console');
      expect((await bare.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await bare.close();
      empty.remove();
    }
  });
});
