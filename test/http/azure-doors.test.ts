import { HttpResponse as AzureHttpResponse, type HttpHandler, HttpRequest } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  azureHttpHandler,
  azureRequestToRequest,
  responseToAzure,
  setCookieToAzure,
} from '../../adapters/azure/functions/http-door';
import { MAX_BODY_BYTES } from '../../adapters/http/http-api';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { asHostSends, azureRequest, azureSend, silentContext } from '../support/doors';
import { startTestServer } from '../support/test-server';
import { describeHttpScenario, injectSend } from './http-scenario';

const ORIGIN = 'https://app.example.com';

/** The scenario's door: the SDK's own HttpRequest and InvocationContext into our handler. */
const azureDoor = (handler: HttpHandler, close: () => Promise<void>) => ({
  send: azureSend(handler),
  close,
});

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const azureEnv = () => ({
  AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
  AZURE_TABLES_PREFIX: uniqueName('doors'),
  AZURE_EVENTS_QUEUE: uniqueName('events'),
});

describeHttpScenario(
  'the Azure Functions door (HttpApi as apps/server builds it, SQLite)',
  async () => {
    const server = await startTestServer();
    return azureDoor(azureHttpHandler(server.api), server.dispose);
  },
);

describeHttpScenario(
  'the Azure Functions app on Table Storage and Storage Queue (Azurite)',
  async () => {
    const app = await composeAzureFunctions({
      ...azureEnv(),
      CORS_ORIGINS: ORIGIN,
      LOG_LEVEL: 'silent',
    });
    return azureDoor(app.http, async () => undefined);
  },
);

describeHttpScenario(
  'the Fastify server with STORE=azure-tables, OBJECTS=azure-blob (Azurite)',
  async () => {
    const server = await startTestServer(
      { store: 'azure-tables', objects: 'azure-blob' },
      { env: { ...azureEnv(), AZURE_BLOB_CONTAINER: uniqueName('objects') } },
    );
    return {
      send: injectSend(server.app),
      close: server.dispose,
    };
  },
);

describe('the Azure HTTP door translates', () => {
  it('uses the invocation id as the request id in the header and the error body', async () => {
    const server = await startTestServer();
    try {
      const handler = azureHttpHandler(server.api);
      const res = await asHostSends(
        await handler(
          azureRequest({ method: 'GET', path: '/users/nobody' }),
          silentContext('inv-42'),
        ),
      );
      expect(res.status).toBe(404);
      expect(res.headers['x-request-id']).toBe('inv-42');
      expect(res.body.requestId).toBe('inv-42');
    } finally {
      await server.dispose();
    }
  });

  it('keeps a binary request body byte for byte, with repeated query parameters as arrays', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    const request = new HttpRequest({
      method: 'PUT',
      url: 'http://localhost:7071/objects/a%20b.bin?tag=x&tag=y&one=1',
      headers: { 'content-type': 'application/octet-stream', 'X-Trace': 'abc' },
      body: { bytes },
    });
    const neutral = await azureRequestToRequest(request, silentContext('inv-7'));
    expect(neutral).toMatchObject({
      method: 'PUT',
      path: '/objects/a%20b.bin',
      query: { tag: ['x', 'y'], one: '1' },
      headers: { 'content-type': 'application/octet-stream', 'x-trace': 'abc' },
      platformRequestId: 'inv-7',
    });
    expect(Buffer.from(neutral.body as Uint8Array)).toEqual(Buffer.from(bytes));
  });

  it('reads no more than one byte past the body limit', async () => {
    const request = new HttpRequest({
      method: 'POST',
      url: 'http://localhost:7071/users',
      headers: { 'content-type': 'application/json' },
      body: { bytes: new Uint8Array(MAX_BODY_BYTES * 3) },
    });
    const neutral = await azureRequestToRequest(request, silentContext());
    expect((neutral.body as Uint8Array).byteLength).toBe(MAX_BODY_BYTES + 1);
  });

  it('returns a binary response body untouched and cookies as the host wants them', async () => {
    const bytes = Uint8Array.from({ length: 512 }, (_, i) => (i * 13) % 256);
    const init = responseToAzure({
      status: 200,
      headers: { 'content-type': 'image/png' },
      body: bytes,
      cookies: [
        'session=abc123; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=3600',
        'theme=dark; Domain=example.com; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      ],
    });
    const response = new AzureHttpResponse(init);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(bytes));
    expect(response.cookies).toEqual([
      {
        name: 'session',
        value: 'abc123',
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
        maxAge: 3600,
      },
      {
        name: 'theme',
        value: 'dark',
        domain: 'example.com',
        expires: new Date('2026-10-21T07:28:00Z'),
      },
    ]);
  });

  it('parses a cookie value that contains =', () => {
    expect(setCookieToAzure('token=a=b==; SameSite=None')).toEqual({
      name: 'token',
      value: 'a=b==',
      sameSite: 'None',
    });
  });
});
