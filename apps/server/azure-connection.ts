import { z } from 'zod';

/** The storage account both Azure stores of the server use (tables, blobs), checked once. */
export const AZURE_CONNECTION = {
  /** An account connection string with its key (`UseDevelopmentStorage=true` for Azurite). */
  AZURE_STORAGE_CONNECTION_STRING: z
    .string({ error: 'Set AZURE_STORAGE_CONNECTION_STRING to the storage account' })
    .min(1),
};

/** Never echoed in a configuration error: it holds the account key. */
export const AZURE_SECRETS = ['AZURE_STORAGE_CONNECTION_STRING'];
