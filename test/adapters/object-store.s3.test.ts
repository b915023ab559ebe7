import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BucketHealthCheck } from '../../adapters/aws/s3/health-check.s3';
import { MIN_PART_BYTES, partsOf } from '../../adapters/aws/s3/multipart-upload';
import { S3ObjectStore } from '../../adapters/aws/s3/object-store.s3';
import { createS3Client } from '../../adapters/aws/s3/s3-client';
import { encodeCursor } from '../../domain/shared/pagination';
import type { Clock } from '../../ports/clock.port';
import {
  describeObjectStoreContract,
  digest,
  noise,
  readAll,
} from '../contracts/object-store.contract';
import { type S3rverInstance, startS3rver } from '../support/s3rver';

const HOUR_AGO: Clock = { now: () => new Date(Date.now() - 3_600_000) };

/** One emulator for the file; each test gets a bucket of its own, so none sees another's keys. */
let s3rver: S3rverInstance;
let client: S3Client;
let buckets = 0;
/** Names of the commands the client sent, in order. */
let sent: string[] = [];

beforeAll(async () => {
  s3rver = await startS3rver();
  client = createS3Client(s3rver.env);
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});
afterAll(async () => {
  client.destroy();
  await s3rver.stop();
});

const freshStore = async (clock?: Clock) => {
  buckets += 1;
  const bucket = `contract-${buckets}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const make = (at?: Clock) =>
    new S3ObjectStore({ client, bucket, partSizeBytes: MIN_PART_BYTES, clock: at });
  return { bucket, objects: make(clock), past: make(HOUR_AGO) };
};

describeObjectStoreContract('S3 (s3rver)', async () => {
  const { objects, past } = await freshStore();
  return {
    objects,
    presignExpired: (key) => past.presignGet(key, 60),
    // s3rver parses SigV4 query signatures without verifying them (S3 does), but it checks the
    // access key a URL claims: re-pointing the URL at another identity is the forgery it refuses.
    tamper: (url) => url.replace('X-Amz-Credential=S3RVER', 'X-Amz-Credential=FORGED'),
  };
});

describe('S3ObjectStore on the wire', () => {
  it('sends a small stream as one PUT and a large one as a multipart upload', async () => {
    const { objects } = await freshStore();
    sent = [];
    await objects.put('small', noise(1000));
    expect(sent).toEqual(['PutObject']);
    sent = [];
    const size = 2 * MIN_PART_BYTES + 10;
    await objects.put('large', noise(size, 3));
    expect(sent).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
    ]);
    expect(await digest((await objects.get('large'))!.body)).toEqual(await digest(noise(size, 3)));
  });

  it('abandons a multipart upload whose body fails, keeping the previous object', async () => {
    const { objects } = await freshStore();
    await objects.put('doc', 'the first version');
    async function* failing() {
      yield* noise(2 * MIN_PART_BYTES + 1); // two parts read, so the multipart upload has begun
      throw new Error('client went away');
    }
    sent = [];
    await expect(objects.put('doc', failing())).rejects.toThrow('client went away');
    expect(sent).toContain('CreateMultipartUpload');
    expect(sent).toContain('AbortMultipartUpload');
    expect(sent).not.toContain('CompleteMultipartUpload');
    expect((await readAll((await objects.get('doc'))!.body)).toString()).toBe('the first version');
  });

  it('turns a continuation token S3 cannot read into an invalid cursor', async () => {
    const { objects } = await freshStore();
    await objects.put('p/1', '1');
    // S3 answers 400 InvalidArgument to any token it did not issue; s3rver does so only for
    // one too short to decrypt (a longer one crashes it into a 500).
    const cursor = encodeCursor({ p: 'p/', t: 'garbage' });
    await expect(objects.list('p/', { limit: 1, cursor })).rejects.toMatchObject({
      code: 'PAGINATION.INVALID_CURSOR',
    });
  });

  it('cuts a stream into parts of exactly the part size', async () => {
    async function* chunks() {
      yield new Uint8Array(3);
      yield new Uint8Array(9);
      yield new Uint8Array(2);
    }
    const sizes: number[] = [];
    for await (const part of partsOf(chunks(), 5)) sizes.push(part.byteLength);
    expect(sizes).toEqual([5, 5, 4]);
    const empty: number[] = [];
    for await (const part of partsOf((async function* () {})(), 5)) empty.push(part.byteLength);
    expect(empty).toEqual([0]);
  });
});

describe('createS3Client and the bucket health check', () => {
  it('reads region and endpoint from the environment, path-style when an endpoint is set', async () => {
    const cloud = createS3Client({});
    expect(await cloud.config.region()).toBe('us-east-1');
    expect(cloud.config.forcePathStyle).toBeFalsy();
    const local = createS3Client({
      AWS_REGION: 'eu-west-3',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2',
    });
    expect(await local.config.region()).toBe('eu-west-3');
    expect(local.config.forcePathStyle).toBe(true);
    expect((await local.config.endpoint?.())?.port).toBe(2);
    cloud.destroy();
    local.destroy();
  });

  it('passes for the bucket and fails, naming it, for one that does not exist', async () => {
    await expect(new S3BucketHealthCheck(client, s3rver.bucket).check()).resolves.toBeUndefined();
    await expect(new S3BucketHealthCheck(client, 'no-such-bucket').check()).rejects.toThrow(
      /no-such-bucket.*404/,
    );
  });
});
