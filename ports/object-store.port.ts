import type { Page } from '../domain/shared/pagination';

/** What is known of a stored object without reading it. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** Changes whenever the content changes; quoted or not depending on the store, compare as opaque. */
  etag: string;
  contentType: string;
  lastModified: Date;
  /** User metadata, lower-case keys. */
  metadata: Record<string, string>;
}

/**
 * What a listing says of each object: what every store's list call returns by itself (S3's
 * ListObjectsV2 has no content type or metadata; `head` has them).
 */
export type ObjectSummary = Pick<ObjectInfo, 'key' | 'size' | 'etag' | 'lastModified'>;

export interface PutObjectOptions {
  contentType?: string;
  metadata?: Record<string, string>;
}

export type ObjectBody = Uint8Array | string | AsyncIterable<Uint8Array>;

/**
 * Blobs by key (filesystem, S3, Azure Blob). Keys are `/`-separated relative paths.
 * Bodies are streamed both ways: no adapter reads a whole object into memory.
 */
export interface ObjectStore {
  put(key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo>;
  /** Null when absent. Read the body once, to the end: until then it holds a file or socket. */
  get(key: string): Promise<{ info: ObjectInfo; body: AsyncIterable<Uint8Array> } | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Keys in lexicographic order; the cursor is opaque. */
  list(
    prefix: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ObjectSummary>>;
  /** Deleting an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** A URL anyone can GET the object with until it expires. */
  presignGet(key: string, expiresInSeconds: number): Promise<string>;
}
