import { derivedId } from './derived-id';

/** An ETag as every store can compare it: S3 quotes it in headers, not in its notifications. */
export const sourceVersionOf = (etag: string): string => etag.replaceAll('"', '');

/**
 * An id derived from an object version (key and ETag), so every trigger of the same version (an
 * upload, its S3/blob event, a redelivery of that event) names the same piece of work and only
 * the first does it.
 */
export const objectVersionId = (key: string, etag: string): string =>
  derivedId(key, sourceVersionOf(etag));
