import { type ImportRecord, importRecordSchema } from '../../../domain/inventory/import-record';
import {
  type StockKey,
  type StockLevel,
  stockLevelSchema,
} from '../../../domain/inventory/stock-level';
import { type Order, orderSchema } from '../../../domain/orders/order';
import { readStored } from '../../../domain/shared/stored-record';
import { emailKey, type User, userSchema } from '../../../domain/users/user';
import {
  emailGuardKey,
  importKey,
  ORDER_SORT_PREFIX,
  orderKey,
  orderStatusPartition,
  ordersOfUserPartition,
  SK,
  STOCK_PARTITION_PREFIX,
  STOCK_SORT_PREFIX,
  shardOf,
  stockKey,
  stockListKey,
  stockListPartition,
  stockShardOf,
  USER_SORT_PREFIX,
  userKey,
  userListPartition,
} from './table-design';

export type Item = Record<string, unknown>;

/** A user item: the record plus its keys (table, and gsi1 for the sharded list of all users). */
export const userToItem = (user: User): Item => ({
  ...userKey(user.id),
  gsi1pk: userListPartition(shardOf(user.id)),
  gsi1sk: `${USER_SORT_PREFIX}${user.id}`,
  ...user,
});

/** The guard that makes emails unique: its key is the email; it names the user holding it. */
export const emailGuardItem = (user: Pick<User, 'id' | 'email'>): Item => ({
  ...emailGuardKey(emailKey(user.email)),
  userId: user.id,
});

export const orderToItem = (order: Order): Item => ({
  ...orderKey(order.id),
  gsi1pk: ordersOfUserPartition(order.userId),
  gsi1sk: `${ORDER_SORT_PREFIX}${order.id}`,
  gsi2pk: orderStatusPartition(order.status, shardOf(order.id)),
  gsi2sk: `${ORDER_SORT_PREFIX}${order.id}`,
  ...order,
});

/** Every key attribute of a stock level, including the GSI ones an UpdateItem must SET. */
export const stockLevelKeys = (key: StockKey): Item => ({
  ...stockKey(key),
  gsi1pk: stockListPartition(stockShardOf(key)),
  gsi1sk: `${STOCK_SORT_PREFIX}${stockListKey(key)}`,
});

/** A stock level: its keys (table, and gsi1 for the sharded list of all levels) and the level. */
export const stockLevelToItem = (level: StockLevel): Item => ({
  ...stockLevelKeys(level),
  store: level.store,
  item: level.item,
  count: level.count,
  updatedAt: level.updatedAt,
  version: level.version,
});

export const importRecordToItem = (record: ImportRecord): Item => ({
  ...importKey(record.id),
  ...record,
});

/** Parsing drops the key attributes and fails loudly on an item that is not a user. */
export const itemToUser = (item: Item): User => readStored(userSchema, item, 'user');
export const itemToOrder = (item: Item): Order => readStored(orderSchema, item, 'order');
export const itemToStockLevel = (item: Item): StockLevel =>
  readStored(stockLevelSchema, item, 'stock level');
export const itemToImportRecord = (item: Item): ImportRecord =>
  readStored(importRecordSchema, item, 'import record');

export type ItemKind =
  | 'user'
  | 'order'
  | 'stock'
  | 'import'
  | 'email-guard'
  | 'processed'
  | 'other';

/** What an item is, from its key alone (keys never change, so old and new images agree). */
export const kindOfKey = (key: { pk?: unknown; sk?: unknown }): ItemKind => {
  if (typeof key.sk !== 'string' || typeof key.pk !== 'string') return 'other';
  if (key.sk === SK.user && key.pk.startsWith('USER#')) return 'user';
  if (key.sk === SK.order && key.pk.startsWith('ORDER#')) return 'order';
  if (key.sk.startsWith(SK.stockPrefix) && key.pk.startsWith(STOCK_PARTITION_PREFIX)) {
    return 'stock';
  }
  if (key.sk === SK.importRecord && key.pk.startsWith('IMPORT#')) return 'import';
  if (key.sk === SK.emailGuard) return 'email-guard';
  if (key.sk.startsWith(SK.processedPrefix)) return 'processed';
  return 'other';
};
