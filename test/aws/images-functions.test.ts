import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { workRecordItemKind } from '../../adapters/aws/dynamodb/work-record-items';
import { S3ObjectStore } from '../../adapters/aws/s3/object-store.s3';
import { createS3Client } from '../../adapters/aws/s3/s3-client';
import { type BuiltFunction, buildFunctions } from '../../apps/aws-lambda/bundle';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { storesOf } from '../../apps/composition/stores/open-store';
import { documentsModule } from '../../apps/modules/documents/documents.module';
import { imagesModule } from '../../apps/modules/images/images.module';
import { modules } from '../../apps/modules/modules';
import { imageEventsFor } from '../../domain/images/image-events';
import { imageRecordSchema } from '../../domain/images/image-record';
import { objectVersionId } from '../../domain/shared/object-version';
import { sampleImageRecord } from '../contracts/work-record-store.contract';
import { s3EventFor } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { jpegWithExifAndGps } from '../support/image-fixtures';
import {
  expectImageOutcome,
  expectPdfSummary,
  imageCases,
  scenarioPdf,
} from '../support/image-scenario';
import { readZip, startFunction } from '../support/lambda-environment';
import { NODE22_INSTALL_TIMEOUT, node22 } from '../support/node22';
import { S3RVER_CREDENTIALS, type S3rverInstance, startS3rver } from '../support/s3rver';

/**
 * The images and documents functions as `npm run build:aws` zips them, unzipped into a folder of
 * their own (no node_modules above: the images zip must carry sharp and its linux-x64 binary), run
 * in their own process and fed the S3 notification fixture for each object of the scenario, with
 * the bucket on s3rver and the table on dynalite.
 */
describe('the images and documents functions, from their zips', () => {
  let outDir = '';
  let built: BuiltFunction[];
  let dynalite: Dynalite;
  let s3: S3rverInstance;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'images-zip-'));
    [built, dynalite, s3] = await Promise.all([
      buildFunctions({ outDir: join(outDir, 'build'), functions: ['images', 'documents'] }),
      startDynalite(),
      startS3rver('images-zip'),
    ]);
  }, 240_000);
  afterAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    await dynalite?.close();
    await s3?.stop();
  });

  /** The zip's entries written to a fresh folder: what Lambda unpacks to /var/task. */
  const unzip = (name: string) => {
    const zip = built.find((fn) => fn.name === name)!.zip;
    const task = join(outDir, `task-${name}`);
    for (const [path, bytes] of readZip(zip)) {
      mkdirSync(dirname(join(task, path)), { recursive: true });
      writeFileSync(join(task, path), bytes);
    }
    return join(task, 'index.mjs');
  };

  it('carries sharp with the prebuilt linux-x64 binary in the images zip only', () => {
    const images = [...readZip(built.find((fn) => fn.name === 'images')!.zip).keys()];
    expect(images).toContain('node_modules/sharp/package.json');
    expect(
      images.some((path) =>
        /^node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64-[\d.]+\.node$/.test(path),
      ),
    ).toBe(true);
    expect(
      images.some((path) => path.startsWith('node_modules/@img/sharp-libvips-linux-x64/lib/')),
    ).toBe(true);
    const documents = [...readZip(built.find((fn) => fn.name === 'documents')!.zip).keys()];
    expect(documents.some((path) => path.startsWith('node_modules/'))).toBe(false);
  });

  it('processes the scenario from S3 notifications into the table and the bucket', async () => {
    const tableName = await dynalite.newTable();
    const env = {
      ...dynalite.env,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.env.AWS_ENDPOINT_URL!,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DYNAMODB_TRANSACTIONS: 'sequential',
      TABLE_NAME: tableName,
      BUCKET_NAME: s3.bucket,
      LOG_LEVEL: 'warn',
    };
    const objects = new S3ObjectStore({ client: createS3Client(s3.env), bucket: s3.bucket });
    const table = openDynamoDbTable({
      client: dynalite.clients.doc,
      tableName,
      transactions: 'sequential',
    });
    const store = await openDynamoDbStore(modules, table);
    const { images } = storesOf(store, imagesModule);
    const { documents } = storesOf(store, documentsModule);

    const cases = await imageCases();
    const fn = await startFunction(process.execPath, unzip('images'), env);
    try {
      for (const c of cases) {
        const key = `images/scenario/${c.file}`;
        const info = await objects.put(key, c.bytes);
        const { error, logs } = await fn.invoke(s3EventFor(key, c.bytes.byteLength));
        expect(error, `${c.name}: ${logs.join('\n')}`).toBeUndefined();
        const record = await images.findById(objectVersionId(key, info.etag));
        expect(record, c.name).not.toBeNull();
        await expectImageOutcome(record!, c, async (variantKey) => {
          const object = await objects.get(variantKey);
          const chunks: Uint8Array[] = [];
          for await (const chunk of object!.body) chunks.push(chunk);
          return Buffer.concat(chunks);
        });
        // A redelivery of the same notification finds the work done.
        const again = await fn.invoke(s3EventFor(key, c.bytes.byteLength));
        expect(again.error).toBeUndefined();
        expect(await images.findById(record!.id)).toEqual(record);
      }
    } finally {
      await fn.close();
    }

    const pdf = await objects.put('documents/report.pdf', scenarioPdf());
    const reader = await startFunction(process.execPath, unzip('documents'), env);
    try {
      const { error, logs } = await reader.invoke(s3EventFor('documents/report.pdf', 0));
      expect(error, logs.join('\n')).toBeUndefined();
    } finally {
      await reader.close();
    }
    expectPdfSummary(
      (await documents.findById(objectVersionId('documents/report.pdf', pdf.etag)))!,
    );
  }, 120_000);

  it(
    'processes an image from its zip on Node 22, the runtime it ships to',
    async () => {
      const tableName = await dynalite.newTable();
      const objects = new S3ObjectStore({ client: createS3Client(s3.env), bucket: s3.bucket });
      const photo = await jpegWithExifAndGps();
      const info = await objects.put('images/node22/rotated.jpg', photo);
      const fn = await startFunction(await node22(), unzip('images'), {
        ...dynalite.env,
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.env.AWS_ENDPOINT_URL!,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
        DYNAMODB_TRANSACTIONS: 'sequential',
        TABLE_NAME: tableName,
        BUCKET_NAME: s3.bucket,
        LOG_LEVEL: 'warn',
      });
      try {
        expect(fn.version).toMatch(/^v22\./);
        const { error, logs } = await fn.invoke(s3EventFor(info.key, photo.byteLength));
        expect(error, logs.join('\n')).toBeUndefined();
      } finally {
        await fn.close();
      }
      const table = openDynamoDbTable({
        client: dynalite.clients.doc,
        tableName,
        transactions: 'sequential',
      });
      const { images } = storesOf(await openDynamoDbStore(modules, table), imagesModule);
      expect(await images.findById(objectVersionId(info.key, info.etag))).toMatchObject({
        status: 'done',
        width: 200,
        height: 300,
        variants: expect.arrayContaining([
          expect.objectContaining({ name: 'optimized', width: 200, height: 300 }),
        ]),
      });
    },
    NODE22_INSTALL_TIMEOUT,
  );

  it('raises image.processed and image.failed from the stream images of the table items', () => {
    const kind = workRecordItemKind({
      name: 'image',
      schema: imageRecordSchema,
      eventsFor: imageEventsFor,
    });
    const item = (status: string, extra: object = {}) => ({
      pk: 'IMAGE#1',
      sk: 'IMAGE',
      ...sampleImageRecord({ id: '1', status: status as 'done' }),
      ...extra,
    });
    expect(kind.events!(item('processing'), item('done')).map((e) => e.type)).toEqual([
      'image.processed',
    ]);
    expect(
      kind.events!(
        item('processing'),
        item('failed', { failure: { code: 'IMAGE.TOO_LARGE', message: 'm' } }),
      ),
    ).toEqual([
      expect.objectContaining({
        type: 'image.failed',
        payload: expect.objectContaining({ code: 'IMAGE.TOO_LARGE' }),
      }),
    ]);
    expect(kind.events!(item('done'), item('done'))).toEqual([]);
  });
});
