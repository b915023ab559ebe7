import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { S3ObjectStore } from '../../adapters/aws/s3/object-store.s3';
import { createS3Client } from '../../adapters/aws/s3/s3-client';
import { CORS_ALLOW_HEADERS } from '../../adapters/http/cors';
import { SystemClock } from '../../adapters/local/clock.system';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { objectCreatedHandler } from '../../apps/aws-lambda/handlers';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { storesOf } from '../../apps/composition/stores/open-store';
import { buildConsole } from '../../apps/console/build';
import { type AccessStores, accessModule } from '../../apps/modules/access/access.module';
import { modules } from '../../apps/modules/modules';
import { ApiKeyService } from '../../domain/access/api-key-service';
import type { ObjectStore } from '../../ports/object-store.port';
import { AWS_WITHOUT_EMULATOR_ENV, awsWithoutEmulator } from '../support/aws-without-emulator';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { launchChromium } from '../support/chromium';
import {
  chromiumMissing,
  expectOneOutOfStock,
  openConsolePage,
  runJobNow,
} from '../support/console-page';
import { type DoorGateway, startAzureGateway, startLambdaGateway } from '../support/door-gateway';
import { blobContext, s3EventFor } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { pngWithAlpha } from '../support/image-fixtures';
import { type S3rverInstance, startS3rver } from '../support/s3rver';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';

const ARTIFACTS = 'test-artifacts/console-doors';
const noChromium = chromiumMissing();
if (noChromium) console.warn(`SKIPPED the admin console browser test on the doors: ${noChromium}`);

/** A serverless door on a loopback port, configured as a deployer would for the console. */
interface ServedDoor {
  gateway: DoorGateway;
  /** An admin API key of this door's own store. */
  key: string;
  /** The usage plan's key the REST API asks for in `x-api-key` (AWS only). */
  gatewayKey?: string;
  /** What the browser logs for the live feed's handshake, which this door cannot take. */
  noLiveFeed: RegExp;
  /** An uploaded object's bytes, read from the door's bucket or container. */
  storedBytes(key: string): Promise<Buffer>;
  /** Runs the platform's object-created trigger for an uploaded object. */
  processUpload(key: string): Promise<void>;
  close(): Promise<void>;
}

const bytesOf = async (objects: ObjectStore, key: string) => {
  const object = await objects.get(key);
  expect(object, key).not.toBeNull();
  const chunks: Uint8Array[] = [];
  for await (const chunk of object!.body) chunks.push(chunk);
  return Buffer.concat(chunks);
};

/**
 * The objects bucket's CORS rule as the stack deploys it (cdk-stack.test.ts): GET from any origin,
 * as the thumbnail's redirect is followed with `Origin: null`, with the API's request headers,
 * which the browser keeps on the redirected request (all but Authorization) and so preflights.
 */
const BUCKET_CORS = `<CORSConfiguration><CORSRule>
  <AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
  ${CORS_ALLOW_HEADERS.map((header) => `<AllowedHeader>${header}</AllowedHeader>`).join('')}
  <MaxAgeSeconds>600</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

let dynalite: Dynalite | undefined;
let s3: S3rverInstance | undefined;
let azurite: AzuriteInstance | undefined;

/**
 * The Lambda HTTP function as the stack composes it (AUTH=required, CORS_ORIGINS the console's
 * origin, the table on dynalite), behind a REST API stage that wants a usage-plan key. SQS and
 * Step Functions answer as a fresh account does (no emulator speaks them).
 */
const lambdaDoor = async (origin: string): Promise<ServedDoor> => {
  dynalite ??= await startDynalite();
  const stubs = awsWithoutEmulator();
  const store = await openDynamoDbStore(
    modules,
    // dynalite has no TransactWriteItems: the writes go one by one, as in the other dynalite tests.
    openDynamoDbTable({
      client: dynalite.clients.doc,
      tableName: await dynalite.newTable(),
      transactions: 'sequential',
    }),
  );
  s3 ??= await startS3rver('console-doors', [BUCKET_CORS]);
  const objects = new S3ObjectStore({ client: createS3Client(s3.env), bucket: s3.bucket });
  const overrides: LambdaOverrides = {
    store,
    objects,
    logger: createLambdaLogger({ level: 'silent' }),
  };
  const { api } = composeHttp(
    { AUTH: 'required', CORS_ORIGINS: origin, ...AWS_WITHOUT_EMULATOR_ENV },
    overrides,
  );
  const images = objectCreatedHandler(composeLambda({}, 'images', [], overrides), 'images');
  const keys = new ApiKeyService(
    storesOf<AccessStores>(store, accessModule).apiKeys,
    new SystemClock(),
  );
  const gatewayKey = 'usage-plan-key-0123456789';
  const gateway = await startLambdaGateway(createHttpHandler(api), { apiKey: gatewayKey });
  return {
    gateway,
    key: (await keys.create('console', 'admin')).key,
    gatewayKey,
    storedBytes: (key) => bytesOf(objects, key),
    // The bucket's notification to the images function, for each upload.
    processUpload: (key) => images(s3EventFor(key, 0)),
    // The REST API has no WebSocket: the handshake is a plain GET, which the usage plan refuses
    // (403) since a browser's WebSocket cannot send x-api-key.
    noLiveFeed:
      /^console: WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/prod\/ws' failed: .*403/,
    close: async () => {
      await gateway.close();
      stubs.restore();
    },
  };
};

/** The Azure Functions app (AUTH=required, CORS_ORIGINS the console's origin) on Azurite. */
const azureDoor = async (origin: string): Promise<ServedDoor> => {
  azurite ??= await startAzurite();
  const uploads = uniqueName('uploads');
  const app = await composeAzureFunctions({
    AUTH: 'required',
    CORS_ORIGINS: origin,
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_TABLES_PREFIX: uniqueName('console'),
    AZURE_EVENTS_QUEUE: uniqueName('events'),
    AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
    AZURE_JOBS_QUEUE: uniqueName('jobs'),
    AZURE_UPLOADS_CONTAINER: uploads,
    LOG_LEVEL: 'silent',
  });
  // The thumbnail's SAS link is on the storage account, which must allow the console too (a
  // deployer's `az storage cors add`). The redirect crosses origins, so the browser sends it
  // with `Origin: null` (the Fetch standard's tainted origin): only `*` lets it through.
  await BlobServiceClient.fromConnectionString(azurite.connectionString).setProperties({
    cors: [
      {
        allowedOrigins: '*',
        allowedMethods: 'GET',
        allowedHeaders: '*',
        exposedHeaders: '*',
        maxAgeInSeconds: 60,
      },
    ],
  });
  const gateway = await startAzureGateway(app.http);
  return {
    gateway,
    key: (await app.composed.services(accessModule).apiKeys.create('console', 'admin')).key,
    noLiveFeed: /^console: WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/ws' failed: .*404/,
    storedBytes: (key) => bytesOf(app.objects, key),
    // The blob trigger the host runs for the upload.
    processUpload: async (key) => {
      await app.objectCreated(Buffer.alloc(0), blobContext(uploads, key, 0));
    },
    close: () => gateway.close(),
  };
};

/**
 * The admin console, served by a server on loopback, pointed at a Lambda and an Azure door on
 * other origins through the door gateway (test/support/door-gateway.ts): the API base URL on the
 * sign-in form, the door's own admin key, the usage-plan key on AWS. The page only calls the
 * public API, so every view works there as on the server, across origins (the door's CORS),
 * under the console's CSP, thumbnails included (the bucket's or container's CORS); the live
 * feed, which neither door has here, keeps retrying.
 */
describe.skipIf(noChromium)(
  `the admin console against the serverless doors, in headless Chromium${noChromium ? ` (skipped: ${noChromium})` : ''}`,
  () => {
    let pageServer: Awaited<ReturnType<typeof startTestServer>>;
    let bundle: ReturnType<typeof tempDir>;
    let origin: string;
    let browser: Browser;

    beforeAll(async () => {
      bundle = tempDir('console-');
      await buildConsole(bundle.path);
      pageServer = await startTestServer({ auth: 'required' }, { consoleDir: bundle.path });
      origin = await pageServer.app.listen({ host: '127.0.0.1', port: 0 });
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await pageServer?.dispose();
      bundle?.remove();
      await dynalite?.close();
      await s3?.stop();
      await azurite?.stop();
    });

    describe.each([
      ['lambda', 'the Lambda function behind a REST API stage', lambdaDoor],
      ['azure', 'the Azure Functions app', azureDoor],
    ] as const)('on %s: %s', (name, _title, start) => {
      let door: ServedDoor;
      beforeAll(async () => {
        door = await start(origin);
      }, 60_000);
      afterAll(() => door?.close());

      /** The door's public API from outside the browser, as any client would call it. */
      const api = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${door.gateway.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${door.key}`,
            ...(door.gatewayKey ? { 'x-api-key': door.gatewayKey } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? null : JSON.stringify(body),
        });
        const text = await response.text();
        expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
        return text ? JSON.parse(text) : undefined;
      };

      it('signs in, shows what the door’s API holds in every view, runs a job, shows a thumbnail', async () => {
        const tab = await openConsolePage(browser, join(ARTIFACTS, name));
        const { page, problems, open, shoot } = tab;
        page.setDefaultTimeout(10_000);
        try {
          await page.goto(`${origin}/admin/`);
          await page.fill('input[name=key]', door.key);
          await page.fill('input[name=base]', door.gateway.url);
          if (door.gatewayKey) await page.fill('input[name=gatewayKey]', door.gatewayKey);
          await page.click('button[type=submit]');
          await page.waitForSelector('h2:text-is("Live events")');
          // No door here takes a WebSocket: the page says so and keeps retrying.
          await page.waitForSelector('.live-status.retrying');
          await shoot('feed');

          const user = await api('POST', '/users', {
            name: 'Grace Hopper',
            email: `grace.${name}@example.com`,
            age: 85,
          });
          const order = await api('POST', '/orders', {
            userId: user.id,
            currency: 'EUR',
            items: [{ sku: 'compiler', quantity: 1, unitPrice: 42_00 }],
          });
          await open('users', 'Users');
          await page.waitForSelector(`td:text-is("grace.${name}@example.com")`);
          await shoot('users');
          await open('orders', 'Orders');
          await page.waitForSelector(`td.id:text-is("${order.id}")`);
          await shoot('orders');

          await api('PUT', '/inventory/Oslo/widget', { count: 5 });
          await api('PUT', '/inventory/Oslo/gadget', { count: 2 });
          await api('POST', '/inventory/Oslo/gadget/adjust', { delta: -2 });
          await expectOneOutOfStock(tab, { listed: 'widget', out: 'gadget' });

          await open('queues', 'Queues and dead letters');
          await page.waitForSelector('p.empty:text-is("No dead letters.")');
          await shoot('queues');

          await runJobNow(tab, 'store-heartbeat');
          const listed = await api('GET', '/jobs');
          expect(
            listed.items.find((job: { name: string }) => job.name === 'store-heartbeat').lastRun,
          ).toMatchObject({ outcome: 'succeeded' });
          await shoot('jobs');

          // Bytes that are not UTF-8, through the gateway and the door into its bucket whole.
          const png = await pngWithAlpha();
          const uploaded = await fetch(`${door.gateway.url}/images`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${door.key}`,
              'content-type': 'image/png',
              ...(door.gatewayKey ? { 'x-api-key': door.gatewayKey } : {}),
            },
            body: new Uint8Array(png),
          });
          const image = (await uploaded.json()) as { source: string };
          expect(uploaded.status, JSON.stringify(image)).toBe(202);
          expect((await door.storedBytes(image.source)).equals(png)).toBe(true);
          // Then the platform's trigger makes the thumbnail, which the page fetches and shows.
          await door.processUpload(image.source);
          await open('images', 'Images');
          const thumbnail = page.locator('img.thumb');
          await thumbnail.waitFor();
          await expect(thumbnail.getAttribute('src')).resolves.toMatch(/^blob:/);
          // Decoded: the bytes came back whole from the bucket's or container's link.
          await expect
            .poll(() =>
              thumbnail.evaluate(
                (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
              ),
            )
            .toBeGreaterThan(0);
          await shoot('images');

          // The live feed's failed handshakes are the only thing the browser complains about:
          // no CORS refusal, no CSP violation, no error thrown by the page.
          expect(problems.length).toBeGreaterThan(0);
          expect(problems.filter((line) => !door.noLiveFeed.test(line))).toEqual([]);
        } catch (error) {
          // What the browser said is most often why a step waited in vain (CORS, CSP, a refusal).
          throw new Error(`${String(error)}\nbrowser problems: ${JSON.stringify(problems)}`);
        } finally {
          await page.close();
        }
      }, 60_000);
    });
  },
);
