import { z } from 'zod';
import { BlobHealthCheck } from '../../../adapters/azure/blob/health-check.blob';
import { BlobObjectStore } from '../../../adapters/azure/blob/object-store.blob';
import { type ObjectStoreFactory, readSettings } from './object-store-adapters';

const settingsSchema = z.object({
  /** An account connection string with its key (SAS URLs are signed with it). */
  AZURE_STORAGE_CONNECTION_STRING: z
    .string({ error: 'Set AZURE_STORAGE_CONNECTION_STRING to the storage account' })
    .min(1),
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
  const settings = readSettings(settingsSchema, env);
  const objects = new BlobObjectStore({
    connectionString: settings.AZURE_STORAGE_CONNECTION_STRING,
    containerName: settings.AZURE_BLOB_CONTAINER,
  });
  await objects.ensureContainer();
  return { objects, healthChecks: [new BlobHealthCheck(objects)] };
};
