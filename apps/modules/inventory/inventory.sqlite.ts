import { SqliteImportStore } from '../../../adapters/sqlite/import-store.sqlite';
import { SqliteInventoryRepository } from '../../../adapters/sqlite/inventory-repository.sqlite';
import { inventorySchema } from '../../../adapters/sqlite/inventory-schema.sqlite';
import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';

export const inventoryOnSqlite = {
  schema: inventorySchema,
  create: (db: SqliteDatabase) => ({
    stock: new SqliteInventoryRepository(db),
    imports: new SqliteImportStore(db),
  }),
};
