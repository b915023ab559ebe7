import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { S3ObjectStore } from '../../adapters/aws/s3/object-store.s3';
import { createS3Client } from '../../adapters/aws/s3/s3-client';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { objectCreatedHandler } from '../../apps/aws-lambda/handlers';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { modules } from '../../apps/modules/modules';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { azureSend, blobContext, lambdaSend, s3EventFor } from '../support/doors';
import {
  expectImageOutcome,
  expectPdfSummary,
  imageCases,
  scenarioPdf,
} from '../support/image-scenario';
import { type S3rverInstance, startS3rver } from '../support/s3rver';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';
import type { DoorRequest, DoorResponse } from './http-scenario';
import { decodeResponse, encodeBody } from './http-scenario';

/**
 * The scenario through each door: images and a PDF uploaded over HTTP, processed by that
 * platform's object-created trigger (the server's background run, an S3 notification, a blob
 * trigger), the records and variants read back over HTTP (the variant through its presigned
 * URL), and a decompression bomb, a truncated JPEG and a lying extension failing with their codes.
 */
interface ImagesDoor {
  send(request: DoorRequest): Promise<DoorResponse>;
  /** Puts an object straight into the bucket or container, as a client with access would. */
  drop?(key: string, bytes: Uint8Array): Promise<void>;
  /** Runs the platform's triggers for what was uploaded or dropped. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

const describeImagesDoor = (name: string, open: () => Promise<ImagesDoor>) => {
  describe(`images and documents through ${name}`, () => {
    let door: ImagesDoor;
    beforeEach(async () => {
      door = await open();
    });
    afterEach(async () => {
      await door.close();
    });

    const variantBytes = async (id: string, variant: string) => {
      const res = await door.send({ method: 'GET', path: `/images/${id}/${variant}` });
      expect(res.status, res.text).toBe(302);
      const fetched = await fetch(res.headers.location!);
      expect(fetched.status).toBe(200);
      return new Uint8Array(await fetched.arrayBuffer());
    };

    it('processes every input of the scenario, and reads back records, variants and the summary', async () => {
      const cases = await imageCases();
      const accepted = new Map<string, string>();
      for (const c of cases) {
        const res = await door.send({
          method: 'POST',
          path: '/images',
          headers: { 'content-type': MIME[c.file.split('.').pop()!]! },
          body: new Uint8Array(c.bytes),
        });
        if (c.expected.status === 'failed' && c.expected.code === 'IMAGE.UNSUPPORTED_FORMAT') {
          // Not an image at all: refused at the door, whatever its type and name said.
          expect(res.status, res.text).toBe(415);
          expect(res.body.error).toMatchObject({ code: 'IMAGE.UNSUPPORTED_FORMAT' });
          continue;
        }
        expect(res.status, res.text).toBe(202);
        expect(res.body).toMatchObject({ status: 'queued', variants: [] });
        expect(res.headers.location).toBe(`/images/${res.body.id}`);
        accepted.set(c.name, res.body.id);
      }
      const liar = cases.find((c) => c.file === 'list.jpg')!;
      await door.drop?.('images/dropped/list.jpg', liar.bytes);
      const pdf = await door.send({
        method: 'POST',
        path: '/documents',
        headers: { 'content-type': 'application/pdf' },
        body: new Uint8Array(scenarioPdf()),
      });
      expect(pdf.status, pdf.text).toBe(202);
      const notPdf = await door.send({
        method: 'POST',
        path: '/documents',
        headers: { 'content-type': 'application/pdf' },
        body: 'plain text',
      });
      expect(notPdf.status).toBe(415);
      expect(notPdf.body.error.code).toBe('DOCUMENT.NOT_PDF');

      await door.settle();

      for (const c of cases) {
        const id = accepted.get(c.name);
        if (!id) continue;
        const res = await door.send({ method: 'GET', path: `/images/${id}` });
        expect(res.status, res.text).toBe(200);
        await expectImageOutcome(res.body, c, (_key, variant) => variantBytes(id, variant));
      }
      const listed = await door.send({ method: 'GET', path: '/images?limit=100' });
      expect(listed.status).toBe(200);
      expect(listed.body.items).toHaveLength(accepted.size + (door.drop ? 1 : 0));
      if (door.drop) {
        const dropped = listed.body.items.find(
          (record: { source: string }) => record.source === 'images/dropped/list.jpg',
        );
        await expectImageOutcome(dropped, liar, () => Promise.reject(new Error('no variants')));
      }
      const summary = await door.send({ method: 'GET', path: pdf.headers.location! });
      expectPdfSummary(summary.body);

      const failedId = accepted.get('a truncated JPEG')!;
      const notReady = await door.send({ method: 'GET', path: `/images/${failedId}/optimized` });
      expect(notReady.status).toBe(409);
      expect(notReady.body.error.code).toBe('IMAGE.VARIANT_NOT_READY');
      const missing = await door.send({ method: 'GET', path: `/images/${randomUUID()}` });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('IMAGE.NOT_FOUND');
      const badVariant = await door.send({ method: 'GET', path: `/images/${failedId}/huge` });
      expect(badVariant.status).toBe(400);
    });
  });
};

// ------------------------------------------------------------------ the embedded server

/** A real HTTP client on loopback; redirects are not followed, so the 302 is seen. */
const fetchSend =
  (origin: string) =>
  async (request: DoorRequest): Promise<DoorResponse> => {
    const { headers, body } = encodeBody(request);
    const res = await fetch(`${origin}${request.path}`, {
      method: request.method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    return decodeResponse(res.status, Object.fromEntries(res.headers), await res.text());
  };

describeImagesDoor(
  'the Fastify server over a real socket (SQLite, files, background work)',
  async () => {
    const server = await startTestServer();
    const origin = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const send = fetchSend(origin);
    return {
      // The signed links name the origin configured at start (OBJECTS_PUBLIC_URL); this server's
      // port was chosen when it listened, so the link is followed on it.
      send: async (request) => {
        const res = await send(request);
        if (res.headers.location?.includes('/objects/')) {
          const link = new URL(res.headers.location);
          res.headers.location = `${origin}${link.pathname}${link.search}`;
        }
        return res;
      },
      settle: async () => {
        await server.background.drain();
        await server.relay?.drain();
      },
      close: server.dispose,
    };
  },
);

// ------------------------------------------------------------------ AWS Lambda

let s3: S3rverInstance;
let azurite: AzuriteInstance;
beforeAll(async () => {
  [s3, azurite] = await Promise.all([startS3rver('images-doors'), startAzurite()]);
});
afterAll(async () => {
  await Promise.all([s3?.stop(), azurite?.stop()]);
});

describeImagesDoor(
  'the Lambda functions (HTTP API v2 events, S3 notifications to the images and documents functions, s3rver)',
  async () => {
    const dir = tempDir('lambda-images-');
    // The functions' own composition and handlers; the bucket is s3rver (presigned URLs work),
    // the table a SQLite stand-in (the DynamoDB store passes the same record contract).
    const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
    const objects = new S3ObjectStore({ client: createS3Client(s3.env), bucket: s3.bucket });
    const overrides: LambdaOverrides = {
      store,
      objects,
      notifier: new MemoryNotifier(),
      logger: createLambdaLogger({ level: 'silent' }),
    };
    const http = lambdaSend(createHttpHandler(composeHttp({}, overrides).api), 'v2');
    const functions = {
      images: objectCreatedHandler(composeLambda({}, 'images', [], overrides), 'images'),
      documents: objectCreatedHandler(composeLambda({}, 'documents', [], overrides), 'documents'),
    };
    const created: string[] = [];
    return {
      send: async (request) => {
        const res = await http(request);
        if (res.status === 202) created.push(res.body.source);
        return res;
      },
      drop: async (key, bytes) => {
        await objects.put(key, bytes);
        created.push(key);
      },
      settle: async () => {
        for (const key of created.splice(0)) {
          const fn = key.startsWith('images/') ? functions.images : functions.documents;
          await fn(s3EventFor(key, 0));
        }
      },
      close: async () => {
        await store.close();
        dir.remove();
      },
    };
  },
);

// ------------------------------------------------------------------ Azure Functions

describeImagesDoor('the Azure Functions app (Azurite: Tables, Blob, blob trigger)', async () => {
  const container = uniqueName('uploads');
  const app = await composeAzureFunctions(
    {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: uniqueName('img'),
      AZURE_EVENTS_QUEUE: uniqueName('events'),
      AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
      AZURE_UPLOADS_CONTAINER: container,
    },
    { logger: new InvocationLogger('silent') },
  );
  const send = azureSend(app.http);
  const created: string[] = [];
  return {
    send: async (request) => {
      const res = await send(request);
      if (res.status === 202) created.push(res.body.source);
      return res;
    },
    drop: async (key, bytes) => {
      await app.objects.put(key, bytes);
      created.push(key);
    },
    settle: async () => {
      // The blob trigger fires for every blob written, the variants included (no module owns
      // processed/, so those are skipped).
      for (const key of created.splice(0)) {
        await app.objectCreated(Buffer.alloc(0), blobContext(container, key, 0));
      }
    },
    close: async () => undefined,
  };
});
