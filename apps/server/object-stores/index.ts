import { azureBlobObjectStore } from './azure-blob';
import { fsObjectStore } from './fs';
import type { ObjectStoreFactory } from './object-store-adapters';
import { s3ObjectStore } from './s3';

export type { ObjectStoreAdapters, ObjectStoreFactory } from './object-store-adapters';

/** OBJECTS=<name> picks one; add a platform's object store here and it becomes a valid OBJECTS value. */
export const objectStoreFactories = {
  fs: fsObjectStore,
  s3: s3ObjectStore,
  'azure-blob': azureBlobObjectStore,
} satisfies Record<string, ObjectStoreFactory>;

export type ObjectStoreName = keyof typeof objectStoreFactories;
