import { type ImportRecord, importRecordSchema } from '../../../domain/inventory/import-record';
import { stockEventsFor } from '../../../domain/inventory/inventory-events';
import {
  type StockKey,
  type StockLevel,
  stockLevelSchema,
} from '../../../domain/inventory/stock-level';
import { readStored } from '../../../domain/shared/stored-record';
import { eventsOfImages, type Item, type ItemKind } from './item-kind';
import { newestFirstSortKey } from './newest-first-query';
import { KEY_SEPARATOR, orderedKey } from './ordered-key';
import { GSI1, type ItemKey, shardOf, shardPartitions } from './table-design';

/*
 * | item          | pk             | sk           | gsi1pk / gsi1sk                               |
 * | stock level   | STOCK#<store*> | ITEM#<item*> | STOCKS#<shard> / STOCK#<store*>\u0001<item*>  |
 * | import record | IMPORT#<id>    | IMPORT       | IMPORTS / IMPORT#<createdAt>\u0001<id*>          |
 *
 * `*` marks store and item names in the order-preserving encoding of ordered-key.ts, so
 * DynamoDB's byte order is the code-unit order the port promises, whatever the characters. One
 * store's levels are one partition of the table, read in item order (strongly consistent); all
 * levels, by store then item, are the sharded gsi1 list, whose sort key holds both names. They
 * shard by (store, item), not by store, so importing one big store spreads over every shard.
 * Imports are listed newest first from one gsi1 partition, read backwards (newest-first-query.ts).
 */
const STOCK = { pk: 'STOCK#', skPrefix: 'ITEM#' } as const;
const IMPORT = { pk: 'IMPORT#', sk: 'IMPORT' } as const;
const STOCK_LIST = 'STOCKS#';
export const IMPORT_LIST = { partition: 'IMPORTS', prefix: 'IMPORT#' } as const;
const ADJUSTMENT = { pk: 'ADJUSTMENT#', sk: 'ADJUSTMENT' } as const;
export const STOCK_ITEM_PREFIX = STOCK.skPrefix;
export const STOCK_SORT_PREFIX = 'STOCK#';

/** The partition of one store's levels. */
export const stockPartition = (store: string) => `${STOCK.pk}${orderedKey(store)}`;
export const stockKey = ({ store, item }: StockKey): ItemKey => ({
  pk: stockPartition(store),
  sk: `${STOCK.skPrefix}${orderedKey(item)}`,
});
/** A level's place in the list of all levels (after STOCK_SORT_PREFIX): store, then item. */
export const stockListKey = ({ store, item }: StockKey): string =>
  `${orderedKey(store)}${KEY_SEPARATOR}${orderedKey(item)}`;
/** The gsi1 partitions of the list of all levels. */
export const stockListPartitions = (): string[] => shardPartitions(STOCK_LIST);
/**
 * The marker of a keyed adjustment (`ADJUSTMENT#<store*>\u0001<item*>\u0001<key*>`): written in
 * the transaction of the change it made, so it exists if and only if the change does.
 */
export const adjustmentKey = (key: StockKey, once: string): ItemKey => ({
  pk: `${ADJUSTMENT.pk}${stockListKey(key)}${KEY_SEPARATOR}${orderedKey(once)}`,
  sk: ADJUSTMENT.sk,
});
export const importKey = (id: string): ItemKey => ({ pk: `${IMPORT.pk}${id}`, sk: IMPORT.sk });

/** Every key attribute of a stock level, including the GSI ones an UpdateItem must SET. */
export const stockLevelKeys = (key: StockKey): Item => ({
  ...stockKey(key),
  // The shard of its whole key, so one store's levels spread over all shards.
  gsi1pk: `${STOCK_LIST}${shardOf(stockListKey(key))}`,
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

/** An import's place in the gsi1 list of imports. */
const importListKeys = (record: ImportRecord) => ({
  pk: IMPORT_LIST.partition,
  sk: `${IMPORT_LIST.prefix}${newestFirstSortKey(record)}`,
});

export const importRecordToItem = (record: ImportRecord): Item => {
  const list = importListKeys(record);
  return { ...importKey(record.id), gsi1pk: list.pk, gsi1sk: list.sk, ...record };
};

export const itemToStockLevel = (item: Item): StockLevel =>
  readStored(stockLevelSchema, item, 'stock level');
export const itemToImportRecord = (item: Item): ImportRecord =>
  readStored(importRecordSchema, item, 'import record');

export const inventoryItemKinds: readonly ItemKind[] = [
  { name: 'stock', key: STOCK, events: eventsOfImages(itemToStockLevel, stockEventsFor) },
  {
    name: 'import',
    key: IMPORT,
    listed: { index: GSI1, keysOf: (item) => importListKeys(itemToImportRecord(item)) },
  },
  { name: 'stock-adjustment', key: ADJUSTMENT },
];
