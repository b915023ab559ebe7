import { z } from 'zod';
import { BlobHealthCheck } from '../../../adapters/azure/blob/health-check.blob';
import { BlobObjectStore } from '../../../adapters/azure/blob/object-store.blob';
import { AZURE_CONNECTION, AZURE_SECRETS } from '../azure-connection';
import { type ObjectStoreFactory, readSettings } from './object-store-adapters';

const settingsSchema = z.object({
  // SAS URLs are signed with the account key the connection string holds.
  ...AZURE_CONNECTION,
  /** 3-63 of a-z 0-9 -, starting and ending with a letter or digit. */
  AZURE_BLOB_CONTAINER: z
    .string()
    .regex(/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a container name: 3-63 of a-z 0-9 -')
    .default('objects'),
});

/**
 * OBJECTS=azure-blob: one container (created when missing), presigned URLs are read-only
 * SAS URLs served by Blob Storage itself.
 */
export const azureBlobObjectStore: ObjectStoreFactory = async ({ env }) => {
  const settings = readSettings(settingsSchema, env, { secrets: AZURE_SECRETS });
  const objects = new BlobObjectStore({
    connectionString: settings.AZURE_STORAGE_CONNECTION_STRING,
    containerName: settings.AZURE_BLOB_CONTAINER,
  });
  await objects.ensureContainer();
  return { objects, healthChecks: [new BlobHealthCheck(objects)] };
};
