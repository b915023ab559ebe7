import { CsvParseReader } from '../../../adapters/csv/csv-reader.csv-parse';
import { inventoryErrors, inventoryRoutes } from '../../../adapters/http/routes/inventory.routes';
import { importSummary } from '../../../domain/inventory/import-record';
import {
  INVENTORY_PREFIX,
  InventoryService,
  type InventoryServiceOptions,
  UPLOAD_PREFIX,
} from '../../../domain/inventory/inventory-service';
import { outOfStockAlert } from '../../../domain/inventory/out-of-stock-alert';
import type { ImportStore } from '../../../ports/import-store.port';
import type { InventoryRepository } from '../../../ports/inventory-repository.port';
import { defineModule } from '../domain-module';

export interface InventoryStores {
  stock: InventoryRepository;
  imports: ImportStore;
}

export interface InventoryServices {
  inventory: InventoryService;
}

export const inventoryModule = defineModule<
  InventoryStores,
  InventoryServices,
  InventoryServiceOptions
>({
  name: 'inventory',
  errors: inventoryErrors,
  stores: {
    memory: () => import('./inventory.memory').then((slice) => slice.inventoryOnMemory),
    sqlite: () => import('./inventory.sqlite').then((slice) => slice.inventoryOnSqlite),
    dynamodb: () => import('./inventory.dynamodb').then((slice) => slice.inventoryOnDynamoDb),
    'azure-tables': () => import('./inventory.tables').then((slice) => slice.inventoryOnTables),
  },
  services: ({ stores, objects, clock, ids, options }) => ({
    inventory: new InventoryService(
      stores.stock,
      stores.imports,
      objects,
      new CsvParseReader(),
      clock,
      ids,
      options,
    ),
  }),
  routes: ({ inventory }, { objectCreated }) => inventoryRoutes(inventory, { objectCreated }),
  reactions: [outOfStockAlert],
  objects: [
    {
      prefix: INVENTORY_PREFIX,
      onCreated: async ({ inventory }, key) => importSummary(await inventory.importObject(key)),
      // What a server accepted but did not finish importing before it stopped.
      resume: {
        prefix: UPLOAD_PREFIX,
        run: async ({ inventory }, key) => {
          const record = await inventory.resume(key);
          return record && importSummary(record);
        },
      },
    },
  ],
});
