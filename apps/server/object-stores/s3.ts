import { z } from 'zod';
import { S3BucketHealthCheck } from '../../../adapters/aws/s3/health-check.s3';
import { S3ObjectStore } from '../../../adapters/aws/s3/object-store.s3';
import { createS3Client } from '../../../adapters/aws/s3/s3-client';
import { type ObjectStoreFactory, readSettings } from './object-store-adapters';

const settingsSchema = z.object({
  S3_BUCKET: z.string({ error: 'Set S3_BUCKET to the bucket objects go to' }).min(3).max(63),
});

/**
 * OBJECTS=s3: one bucket, one client for the life of the server. Region, endpoint
 * (AWS_ENDPOINT_URL for an emulator) and credentials come from the usual AWS variables.
 */
export const s3ObjectStore: ObjectStoreFactory = ({ env }) => {
  const { S3_BUCKET: bucket } = readSettings(settingsSchema, env);
  const client = createS3Client(env);
  return {
    objects: new S3ObjectStore({ client, bucket }),
    healthChecks: [new S3BucketHealthCheck(client, bucket)],
    close: () => client.destroy(),
  };
};
