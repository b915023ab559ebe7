import { SqliteOrderRepository } from '../../../adapters/sqlite/order-repository.sqlite';
import { ordersSchema } from '../../../adapters/sqlite/orders-schema.sqlite';
import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';

export const ordersOnSqlite = {
  schema: ordersSchema,
  create: (db: SqliteDatabase) => ({ orders: new SqliteOrderRepository(db) }),
};
