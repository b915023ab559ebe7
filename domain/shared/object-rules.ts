import { ValidationError } from './domain-error';

/**
 * Rules every ObjectStore applies, so that what one store accepts every store accepts
 * (S3 sets the strictest limits). A store may add rules of its own (the filesystem's).
 */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/** S3's key limit. */
export const MAX_OBJECT_KEY_BYTES = 1024;
/** S3's ceiling for a SigV4 presigned URL: seven days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export const assertPresignExpiry = (expiresInSeconds: number): void => {
  if (
    !Number.isInteger(expiresInSeconds) ||
    expiresInSeconds < 1 ||
    expiresInSeconds > MAX_PRESIGN_SECONDS
  ) {
    throw new ValidationError([
      {
        path: 'expiresInSeconds',
        message: `Expiry must be a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS}.`,
      },
    ]);
  }
};
