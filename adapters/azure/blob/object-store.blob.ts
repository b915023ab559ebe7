import { Readable } from 'node:stream';
import { BlobSASPermissions, BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
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
  PutObjectOptions,
} from '../../../ports/object-store.port';
import { resolveConnectionString } from '../storage-connection';
import { isStatus } from '../storage-errors';
import { decodeMetadata, encodeMetadata } from './metadata-names';

/** Block size of streamed uploads, and how many blocks are in flight: 32 MiB of buffers at most. */
const BLOCK_BYTES = 8 * 1024 * 1024;
const BLOCKS_IN_FLIGHT = 4;
/** A listing call returns at most 5000 blobs. */
const MAX_LIST_LIMIT = 5000;

export interface BlobObjectStoreOptions {
  /** An account connection string with its key: SAS URLs are signed with that key. */
  connectionString: string;
  containerName: string;
  /** Signing time of SAS URLs (tests sign in the past to get an expired one). */
  clock?: Clock;
}

/** The service's continuation marker; the prefix rides along so a cursor cannot cross listings. */
const cursorSchema = z.strictObject({
  p: z.string(),
  m: z.string().check(z.minLength(1), z.maxLength(4096)),
});

const assertKey = (key: string): void => {
  const problem =
    key === ''
      ? 'is empty'
      : Buffer.byteLength(key, 'utf8') > MAX_OBJECT_KEY_BYTES
        ? `is longer than ${MAX_OBJECT_KEY_BYTES} bytes`
        : key.startsWith('/')
          ? 'is absolute; it must not start with /'
          : key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
            ? 'has an empty, . or .. segment'
            : undefined;
  if (problem) throw new ValidationError([{ path: 'key', message: `The key ${problem}.` }]);
};

interface BlobFields {
  contentLength?: number | undefined;
  etag?: string | undefined;
  contentType?: string | undefined;
  lastModified?: Date | undefined;
  metadata?: Record<string, string> | undefined;
}

/** Listings give the ETag bare, HEAD and PUT quoted: one form (quoted, as in HTTP) for all. */
const quoted = (etag: string | undefined): string =>
  !etag ? '' : etag.startsWith('"') ? etag : `"${etag}"`;

const infoOf = (key: string, fields: BlobFields): ObjectInfo => ({
  key,
  size: fields.contentLength ?? 0,
  etag: quoted(fields.etag),
  contentType: fields.contentType ?? DEFAULT_CONTENT_TYPE,
  lastModified: fields.lastModified ?? new Date(0),
  metadata: decodeMetadata(fields.metadata),
});

/** Counts the bytes as they pass; the SDK's block buffers need Buffers (they call `copy`). */
async function* counted(
  body: AsyncIterable<Uint8Array>,
  count: { bytes: number },
): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    count.bytes += chunk.byteLength;
    yield Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/**
 * Objects as block blobs in one container. Uploads stream in blocks (the block list commits
 * atomically, so racing writers leave one whole version); downloads stream the response
 * body; listings page with the service's marker. SAS URLs need the account key: with a
 * managed identity one would sign with a user delegation key instead.
 */
export class BlobObjectStore implements ObjectStore {
  readonly container: ContainerClient;
  private readonly clock: Clock;

  constructor(options: BlobObjectStoreOptions) {
    const service = BlobServiceClient.fromConnectionString(
      resolveConnectionString(options.connectionString),
    );
    this.container = service.getContainerClient(options.containerName);
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async ensureContainer(): Promise<void> {
    await this.container.createIfNotExists();
  }

  async put(key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<ObjectInfo> {
    assertKey(key);
    const blob = this.container.getBlockBlobClient(key);
    const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
    const metadata = encodeMetadata(options.metadata);
    const common = { blobHTTPHeaders: { blobContentType: contentType }, metadata };
    let size: number;
    let result: { etag?: string | undefined; lastModified?: Date | undefined };
    if (typeof body === 'string' || body instanceof Uint8Array) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      size = bytes.byteLength;
      result = await blob.upload(bytes, size, common);
    } else {
      const count = { bytes: 0 };
      result = await blob.uploadStream(
        Readable.from(counted(body, count)),
        BLOCK_BYTES,
        BLOCKS_IN_FLIGHT,
        common,
      );
      size = count.bytes;
    }
    return infoOf(key, {
      contentLength: size,
      etag: result.etag,
      contentType,
      lastModified: result.lastModified,
      metadata,
    });
  }

  async get(key: string): Promise<{ info: ObjectInfo; body: AsyncIterable<Uint8Array> } | null> {
    assertKey(key);
    try {
      const response = await this.container.getBlobClient(key).download();
      const stream = response.readableStreamBody as AsyncIterable<Uint8Array> | undefined;
      return { info: infoOf(key, response), body: stream ?? Readable.from([]) };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertKey(key);
    try {
      return infoOf(key, await this.container.getBlobClient(key).getProperties());
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async list(
    prefix: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ObjectInfo>> {
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIST_LIMIT) {
      throw new ValidationError([
        { path: 'limit', message: `Expected an integer from 1 to ${MAX_LIST_LIMIT}` },
      ]);
    }
    let marker: string | undefined;
    if (page.cursor) {
      const cursor = decodeCursor(page.cursor, cursorSchema);
      if (cursor.p !== prefix) throw new InvalidCursorError();
      marker = cursor.m;
    }
    const items: ObjectInfo[] = [];
    do {
      const found = await this.listPage(prefix, page.limit - items.length, marker, !!page.cursor);
      items.push(...found.items);
      marker = found.marker;
    } while (marker && items.length < page.limit);
    // A marker does not promise another blob: look one ahead before handing out a cursor.
    for (let probe = marker; probe; ) {
      const next = await this.listPage(prefix, 1, probe, true);
      if (next.items.length > 0)
        return { items, nextCursor: encodeCursor({ p: prefix, m: marker! }) };
      probe = next.marker;
    }
    return { items, nextCursor: null };
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.container.getBlobClient(key).deleteIfExists();
  }

  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    assertKey(key);
    assertPresignExpiry(expiresInSeconds);
    return this.container.getBlobClient(key).generateSasUrl({
      permissions: BlobSASPermissions.parse('r'),
      expiresOn: new Date(this.clock.now().getTime() + expiresInSeconds * 1000),
    });
  }

  private async listPage(
    prefix: string,
    maxPageSize: number,
    marker: string | undefined,
    fromCursor: boolean,
  ): Promise<{ items: ObjectInfo[]; marker: string | undefined }> {
    try {
      const result = await this.container
        .listBlobsFlat({ prefix, includeMetadata: true })
        .byPage({ maxPageSize, ...(marker ? { continuationToken: marker } : {}) })
        .next();
      if (result.done) return { items: [], marker: undefined };
      const items = result.value.segment.blobItems.map((blob) =>
        infoOf(blob.name, { ...blob.properties, metadata: blob.metadata }),
      );
      return { items, marker: result.value.continuationToken || undefined };
    } catch (error) {
      // The service refuses a marker it did not issue.
      if (fromCursor && isStatus(error, 400)) throw new InvalidCursorError();
      throw error;
    }
  }
}
