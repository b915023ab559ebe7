import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { modules } from '../../apps/modules/modules';
import { type DoorGateway, startLambdaGateway } from '../support/door-gateway';
import { pngWithAlpha } from '../support/image-fixtures';
import { tempDir } from '../support/temp-dir';

const ORIGIN = 'https://console.example.com';
const KEY = 'usage-plan-key-0123456789';

/**
 * The door gateway the console's browser test reaches the Lambda door through, checked without a
 * browser (so it is proven even where Chromium is missing): what it keeps of API Gateway, CORS
 * answered by the function, and bytes carried both ways untouched.
 */
describe('the door gateway in front of the Lambda HTTP function (REST API, stage prod)', () => {
  let gateway: DoorGateway;
  let objects: FsObjectStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const dir = tempDir('door-gateway-');
    const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
    objects = new FsObjectStore({
      root: join(dir.path, 'objects'),
      publicBaseUrl: 'https://bucket.example.com',
      signingSecret: 'secret',
    });
    const { api } = composeHttp(
      { CORS_ORIGINS: ORIGIN },
      { store, objects, logger: createLambdaLogger({ level: 'silent' }) },
    );
    gateway = await startLambdaGateway(createHttpHandler(api), { apiKey: KEY });
    close = async () => {
      await gateway.close();
      await store.close();
      dir.remove();
    };
  });
  afterAll(() => close?.());

  it('serves the API under its stage, and answers outside it as API Gateway does', async () => {
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod$/);
    const health = await fetch(`${gateway.url}/health`);
    expect(health.status).toBe(200);
    const outside = await fetch(gateway.url.replace(/\/prod$/, '/health'));
    expect(outside.status).toBe(403);
    await expect(outside.json()).resolves.toEqual({ message: 'Missing Authentication Token' });
  });

  it('wants the usage-plan key, except on preflights, with API Gateway’s own refusal', async () => {
    const refused = await fetch(`${gateway.url}/users`, { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(403);
    await expect(refused.json()).resolves.toEqual({ message: 'Forbidden' });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const listed = await fetch(`${gateway.url}/users`, {
      headers: { origin: ORIGIN, 'x-api-key': KEY },
    });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const preflight = await fetch(`${gateway.url}/users`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });

  it('carries a binary body to the function byte for byte', async () => {
    const png = await pngWithAlpha();
    const response = await fetch(`${gateway.url}/images`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-api-key': KEY },
      body: new Uint8Array(png),
    });
    const image = (await response.json()) as { source: string };
    expect(response.status, JSON.stringify(image)).toBe(202);
    const stored = await objects.get(image.source);
    const chunks: Uint8Array[] = [];
    for await (const chunk of stored!.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(png)).toBe(true);
  });
});
