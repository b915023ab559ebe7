import { TableImportStore } from '../../../adapters/azure/tables/import-store.tables';
import { inventoryPartitions } from '../../../adapters/azure/tables/inventory-keys';
import { TableInventoryRepository } from '../../../adapters/azure/tables/inventory-repository.tables';
import type { TableStore } from '../../../adapters/azure/tables/table-store';

export const inventoryOnTables = {
  partitions: inventoryPartitions,
  create: (store: TableStore) => ({
    stock: new TableInventoryRepository(store),
    imports: new TableImportStore(store),
  }),
};
