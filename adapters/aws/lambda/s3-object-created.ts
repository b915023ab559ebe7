import type { S3Event, S3EventRecord } from 'aws-lambda';
import { isDomainError } from '../../../domain/shared/domain-error';
import type { Logger } from '../../../ports/logger.port';

/** An object that appeared in a bucket: the reference the domain works from. */
export interface S3ObjectCreated {
  bucket: string;
  key: string;
  etag: string | undefined;
  size: number | undefined;
}

/**
 * S3 writes keys in notifications URL-encoded with spaces as `+`
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
export const s3RecordToCreated = (record: S3EventRecord): S3ObjectCreated | null => {
  if (!record.eventName?.startsWith('ObjectCreated:') || !record.s3?.object?.key) return null;
  return {
    bucket: record.s3.bucket.name,
    key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
    etag: record.s3.object.eTag,
    size: record.s3.object.size,
  };
};

export interface S3ObjectCreatedDeps {
  /** Every created object is handed on; the app decides which ones it has work for. */
  onCreated(created: S3ObjectCreated): Promise<unknown>;
  logger: Logger;
}

/**
 * The S3 object-created door. S3 invokes Lambda asynchronously: every record is tried, and if
 * any failed for a reason a retry could cure, the invocation throws so Lambda retries it (twice,
 * then the on-failure destination). Records already handled are not applied again on the retry:
 * the domain keys its work by object version. A domain refusal (the object is gone) will not
 * change on retry, so it is logged and not thrown.
 */
export const createS3ObjectCreatedHandler =
  ({ onCreated, logger }: S3ObjectCreatedDeps) =>
  async (event: S3Event): Promise<void> => {
    const failures: string[] = [];
    for (const record of event.Records ?? []) {
      const created = s3RecordToCreated(record);
      if (!created) {
        logger.info({ eventName: record.eventName }, 'S3 record skipped: not an object created');
        continue;
      }
      try {
        await onCreated(created);
      } catch (error) {
        const fields = { bucket: created.bucket, key: created.key, err: error };
        if (isDomainError(error)) {
          logger.warn(fields, 'S3 object not handled; a retry would not change that');
          continue;
        }
        logger.error(fields, 'S3 object not handled; the invocation will be retried');
        failures.push(created.key);
      }
    }
    if (failures.length > 0) {
      throw new Error(`Objects not handled, to retry: ${failures.join(', ')}`);
    }
  };
