import { z } from 'zod';
import { TableHealthCheck } from '../../../adapters/azure/tables/health-check.tables';
import { TableImportStore } from '../../../adapters/azure/tables/import-store.tables';
import { TableInventoryRepository } from '../../../adapters/azure/tables/inventory-repository.tables';
import { TableOrderRepository } from '../../../adapters/azure/tables/order-repository.tables';
import { TableOutbox } from '../../../adapters/azure/tables/outbox.tables';
import { TableProcessedEventStore } from '../../../adapters/azure/tables/processed-event-store.tables';
import { TableStore } from '../../../adapters/azure/tables/table-store';
import { TableUserRepository } from '../../../adapters/azure/tables/user-repository.tables';
import { readEnv } from '../../config/read-env';
import type { StoreFactory } from './store-adapters';

const settingsSchema = z.object({
  /** An account connection string (`UseDevelopmentStorage=true` for a local Azurite). */
  AZURE_STORAGE_CONNECTION_STRING: z
    .string({ error: 'Set AZURE_STORAGE_CONNECTION_STRING to the storage account' })
    .min(1),
  /** Tables `<prefix>records` and `<prefix>processed`: letters and digits, starting with a letter. */
  AZURE_TABLES_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,53}$/, 'letters and digits, starting with a letter')
    .default('onecore'),
});

/**
 * STORE=azure-tables: every server of a fleet shares one storage account's tables. Changes and
 * their events commit in one entity-group transaction; this server relays the outbox to its
 * in-process bus as it does with SQLite (on Azure Functions the relay feeds a Storage Queue).
 */
export const azureTablesStore: StoreFactory = async ({ env }) => {
  const settings = readEnv(settingsSchema, env, { secrets: ['AZURE_STORAGE_CONNECTION_STRING'] });
  const store = new TableStore({
    connectionString: settings.AZURE_STORAGE_CONNECTION_STRING,
    tablePrefix: settings.AZURE_TABLES_PREFIX,
  });
  await store.ensureTables();
  return {
    users: new TableUserRepository(store),
    orders: new TableOrderRepository(store),
    inventory: new TableInventoryRepository(store),
    imports: new TableImportStore(store),
    processed: new TableProcessedEventStore(store),
    outbox: { store: new TableOutbox(store), onCommit: (listener) => store.onCommit(listener) },
    healthChecks: [new TableHealthCheck(store)],
    close: () => undefined,
  };
};
