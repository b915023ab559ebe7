import { createHash } from 'node:crypto';

/** An ETag as every store can compare it: S3 quotes it in headers, not in its notifications. */
export const sourceVersionOf = (etag: string): string => etag.replaceAll('"', '');

/**
 * An id derived from an object version (key and ETag), so every trigger of the same version (an
 * upload, its S3/blob event, a redelivery of that event) names the same piece of work and only
 * the first does it. 128 bits of SHA-256, shaped as a UUID so routes accept it.
 */
export const objectVersionId = (key: string, etag: string): string => {
  const hex = createHash('sha256')
    .update(`${key}\n${sourceVersionOf(etag)}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
