import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from 'zod/mini';
import { InvalidCursorError, ValidationError } from '../../../domain/shared/domain-error';
import {
  assertPresignExpiry,
  DEFAULT_CONTENT_TYPE,
  MAX_OBJECT_KEY_BYTES,
} from '../../../domain/shared/object-rules';
import { decodeCursor, encodeCursor, type Page } from '../../../domain/shared/pagination';
import type { Clock } from '../../../ports/clock.port';
import type {
  ObjectBody,
  ObjectInfo,
  ObjectStore,
  ObjectSummary,
  PutObjectOptions,
} from '../../../ports/object-store.port';
import { MIN_PART_BYTES, putBytes, uploadStream } from './multipart-upload';

/** ListObjectsV2 returns at most 1000 keys a call. */
const MAX_LIST_LIMIT = 1000;

export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** Signing time of presigned URLs. */
  clock?: Clock;
  /** Part size of streamed uploads: at least 5 MiB (S3's floor), 8 MiB by default. */
  partSizeBytes?: number;
}

/** The continuation token is S3's; the prefix rides along so a cursor cannot cross listings. */
const cursorSchema = z.object({ p: z.string(), t: z.string().check(z.minLength(1)) });

interface S3ObjectFields {
  ContentLength?: number | undefined;
  ETag?: string | undefined;
  ContentType?: string | undefined;
  LastModified?: Date | undefined;
  Metadata?: Record<string, string> | undefined;
}

const infoOf = (key: string, out: S3ObjectFields): ObjectInfo => ({
  key,
  size: out.ContentLength ?? 0,
  etag: out.ETag ?? '',
  contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE,
  lastModified: out.LastModified ?? new Date(0),
  metadata: { ...out.Metadata },
});

const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);

const lowerCaseKeys = (metadata: Record<string, string>) =>
  Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name.toLowerCase(), value]));

const assertKey = (key: string) => {
  if (key === '' || Buffer.byteLength(key, 'utf8') > MAX_OBJECT_KEY_BYTES) {
    throw new ValidationError([
      { path: 'key', message: `The key must be 1 to ${MAX_OBJECT_KEY_BYTES} bytes long.` },
    ]);
  }
};

/**
 * Objects in one S3 bucket. Bodies stream both ways: GET hands back the SDK's response
 * stream, PUT of an async iterable goes up in parts (./multipart-upload) and a Uint8Array or
 * string in one PUT of known length.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly clock: Clock;
  private readonly partSize: number;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.clock = options.clock ?? { now: () => new Date() };
    this.partSize = Math.max(options.partSizeBytes ?? 8 * 1024 * 1024, MIN_PART_BYTES);
  }

  async put(key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<ObjectInfo> {
    assertKey(key);
    const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
    const metadata = lowerCaseKeys(options.metadata ?? {});
    const target = { client: this.client, bucket: this.bucket, key, contentType, metadata };
    const { etag, size } =
      typeof body === 'string'
        ? await putBytes(target, Buffer.from(body, 'utf8'))
        : body instanceof Uint8Array
          ? await putBytes(target, body)
          : await uploadStream(target, body, this.partSize);
    // S3 does not return Last-Modified on PUT; this clock's time saves a HEAD round trip.
    return { key, size, etag, contentType, metadata, lastModified: this.clock.now() };
  }

  async get(key: string): Promise<{ info: ObjectInfo; body: AsyncIterable<Uint8Array> } | null> {
    assertKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // In Node the Body is the response's IncomingMessage: a Readable, streamed as it comes.
      const body = (out.Body as Readable | undefined) ?? Readable.from([]);
      return { info: infoOf(key, out), body };
    } catch (error) {
      if (errorName(error) === 'NoSuchKey') return null;
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return infoOf(key, out);
    } catch (error) {
      // A HEAD response has no body, so S3's 404 arrives as a bare NotFound.
      if (errorName(error) === 'NotFound' || errorName(error) === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** One ListObjectsV2 call a page: its key, size, ETag and date are the whole summary. */
  async list(
    prefix: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ObjectSummary>> {
    if (!Number.isInteger(page.limit) || page.limit < 1) {
      throw new ValidationError([{ path: 'limit', message: 'The limit must be an integer >= 1.' }]);
    }
    let token: string | undefined;
    if (page.cursor !== undefined) {
      const cursor = decodeCursor(page.cursor, cursorSchema);
      if (cursor.p !== prefix) throw new InvalidCursorError();
      token = cursor.t;
    }
    let out: Awaited<ReturnType<typeof this.listKeys>>;
    try {
      out = await this.listKeys(prefix, Math.min(page.limit, MAX_LIST_LIMIT), token);
    } catch (error) {
      // S3 answers a continuation token it cannot read with 400 InvalidArgument.
      if (token !== undefined && errorName(error) === 'InvalidArgument') {
        throw new InvalidCursorError();
      }
      throw error;
    }
    return {
      items: (out.Contents ?? []).flatMap((entry) =>
        entry.Key
          ? [
              {
                key: entry.Key,
                size: entry.Size ?? 0,
                etag: entry.ETag ?? '',
                lastModified: entry.LastModified ?? new Date(0),
              },
            ]
          : [],
      ),
      nextCursor:
        out.IsTruncated && out.NextContinuationToken
          ? encodeCursor({ p: prefix, t: out.NextContinuationToken })
          : null,
    };
  }

  /** S3 deletes are idempotent already: an absent key answers 204 like a present one. */
  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** A SigV4 query-signed GET: computed locally, no request is made. */
  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    assertKey(key);
    assertPresignExpiry(expiresInSeconds);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
      signingDate: this.clock.now(),
    });
  }

  private listKeys(prefix: string, limit: number, token: string | undefined) {
    return this.client.send(
      new ListObjectsV2Command({
        Bucket: this.bucket,
        ...(prefix ? { Prefix: prefix } : {}),
        MaxKeys: limit,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
  }
}
