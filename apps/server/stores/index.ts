import { azureTablesStore } from './azure-tables.store';
import { dynamoDbStore } from './dynamodb.store';
import { memoryStore } from './memory.store';
import { sqliteStore } from './sqlite.store';
import type { StoreFactory } from './store-adapters';

/** STORE=<name> picks one; add a platform's store here and it becomes a valid STORE value. */
export const storeFactories = {
  sqlite: sqliteStore,
  memory: memoryStore,
  dynamodb: dynamoDbStore,
  'azure-tables': azureTablesStore,
} satisfies Record<string, StoreFactory>;

export type StoreName = keyof typeof storeFactories;
