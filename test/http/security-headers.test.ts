import { join } from 'node:path';
import { HttpRequest } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { azureHttpHandler } from '../../adapters/azure/functions/http-door';
import { DOCS_CSP } from '../../adapters/fastify/docs';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { modules } from '../../apps/modules/modules';
import { asHostSends, fromResult, silentContext, toV1Event } from '../support/doors';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';
import { type DoorResponse, decodeResponse } from './http-scenario';

/** One raw request (bytes as sent) through each door. */
interface RawDoor {
  send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<DoorResponse>;
}

let server: Awaited<ReturnType<typeof startTestServer>>;
let base: string;
let closeLambda: () => Promise<void>;
const doors: Record<string, RawDoor> = {};

beforeAll(async () => {
  server = await startTestServer();
  base = await server.app.listen({ host: '127.0.0.1', port: 0 });
  doors.server = {
    async send(method, path, headers, body) {
      const res = await fetch(`${base}${path}`, { method, headers, body });
      return decodeResponse(res.status, Object.fromEntries(res.headers), await res.text());
    },
  };
  const dir = tempDir('security-lambda-');
  const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
  const lambda = createHttpHandler(
    composeHttp({}, { store, logger: createLambdaLogger({ level: 'silent' }) }).api,
  );
  closeLambda = async () => {
    await store.close();
    dir.remove();
  };
  doors.lambda = {
    async send(method, path, headers, body) {
      const event = toV1Event({ method, path, headers, ...(body ? { body: 'x' } : {}) });
      if (body) event.body = body.toString('base64');
      return fromResult(await lambda(event, { awsRequestId: 'aws-1' }), '/prod');
    },
  };
  const azure = azureHttpHandler(server.api);
  doors.azure = {
    async send(method, path, headers, body) {
      const request = new HttpRequest({
        method,
        url: `http://localhost:7071${path}`,
        headers,
        ...(body ? { body: { bytes: body } } : {}),
      });
      return asHostSends(await azure(request, silentContext()));
    },
  };
});
afterAll(async () => {
  await server?.dispose();
  await closeLambda?.();
});

describe.each(['server', 'lambda', 'azure'])('on the %s door', (name) => {
  const door = () => doors[name]!;

  it.each([
    ['GET', '/inventory', 200],
    ['GET', '/users/nobody', 404],
    ['POST', '/users', 400],
  ])(
    '%s %s (%i) carries nosniff, no-referrer, no-store and a deny-all CSP',
    async (method, path, status) => {
      const res = await door().send(
        method,
        path,
        { 'content-type': 'application/json' },
        method === 'POST' ? Buffer.from('{}') : undefined,
      );
      expect(res.status).toBe(status);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
    },
  );

  it.each(['utf-16', 'UTF-16LE', 'iso-8859-1', '"latin1"'])(
    'refuses JSON in charset=%s with 415',
    async (charset) => {
      const res = await door().send(
        'POST',
        '/users',
        { 'content-type': `application/json; charset=${charset}` },
        Buffer.from('{"name":"A","email":"a@example.com"}'),
      );
      expect([res.status, res.body.error.code]).toEqual([415, 'HTTP.UNSUPPORTED_MEDIA_TYPE']);
    },
  );

  it('takes charset=utf-8 in any case', async () => {
    const res = await door().send(
      'POST',
      '/users',
      { 'content-type': 'application/json; charset="UTF-8"' },
      Buffer.from(`{"name":"Zoë","email":"${name}-utf8@example.com"}`),
    );
    expect([res.status, res.body.name]).toEqual([201, 'Zoë']);
  });

  it.each([
    [
      'a lone continuation byte',
      Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]),
    ],
    [
      'an overlong form',
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xae]), Buffer.from('"}')]),
    ],
    [
      'an encoded surrogate',
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    ],
  ])(
    'refuses invalid UTF-8 (%s) with 400 HTTP.MALFORMED_JSON, not U+FFFD',
    async (_what, bytes) => {
      const res = await door().send(
        'POST',
        '/users',
        { 'content-type': 'application/json' },
        bytes,
      );
      expect([res.status, res.body.error.code]).toEqual([400, 'HTTP.MALFORMED_JSON']);
    },
  );
});

describe('the Swagger UI page', () => {
  it('has a strict CSP, and its HTML needs nothing the CSP forbids', async () => {
    const res = await fetch(`${base}/docs/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const [key = '', ...values] = d.split(/\s+/);
          return [key, values.join(' ')];
        }),
    );
    expect(directives).toEqual(DOCS_CSP);
    for (const value of Object.values(directives)) {
      expect(value).not.toMatch(/unsafe-inline|unsafe-eval|\*|https:/);
    }
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    // No inline script or style, no inline handler: only files from this origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=/i);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(source).toMatch(/^\.?\//);
      const file = await fetch(new URL(source, `${base}/docs/`));
      await file.arrayBuffer();
      expect([source, file.status]).toEqual([source, 200]);
    }
    // What the page fetches: the document, from this origin (connect-src 'self').
    const initializer = await (await fetch(`${base}/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain("url: resolveUrl('./json')");
    expect(initializer).toMatch(/validatorUrl: null/);
    expect((await fetch(`${base}/docs/json`)).status).toBe(200);
  });
});
