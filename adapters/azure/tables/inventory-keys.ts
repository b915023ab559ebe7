import { encodeOrderedKey, escapeKey, OUTBOX_ROW_PREFIX, type PartitionLayout } from './table-keys';

/*
 * Stock levels of one store share a partition (`stock|<store*>`, rows `item|<item*>`, names in
 * the order-preserving encoding), so a range query over `stock|` lists by store then item.
 */
export const STOCK_PREFIX = 'stock|';
export const STOCK_ROW_PREFIX = 'item|';
const IMPORT_PREFIX = 'import|';
export const IMPORT_ROW = 'import';
/** The list of imports, newest first (newest-first-index.ts). */
export const IMPORT_LIST_PARTITION = 'imports|';

export const stockPartition = (store: string) => STOCK_PREFIX + encodeOrderedKey(store);
export const stockRow = (item: string) => STOCK_ROW_PREFIX + encodeOrderedKey(item);
const ADJUSTMENT_ROW_PREFIX = 'adjustment|';
/** The marker of a keyed adjustment of one item, beside its level in the store's partition. */
export const adjustmentRow = (item: string, once: string) =>
  `${ADJUSTMENT_ROW_PREFIX}${encodeOrderedKey(item)}|${escapeKey(once)}`;
export const importPartition = (id: string) => IMPORT_PREFIX + escapeKey(id);

export const inventoryPartitions: readonly PartitionLayout[] = [
  {
    name: 'stock',
    prefix: STOCK_PREFIX,
    rows: [
      `${STOCK_ROW_PREFIX}<item*>: the stock level of one item in the store`,
      `${ADJUSTMENT_ROW_PREFIX}<item*>|<key>: a keyed adjustment the level made, in its batch`,
      `${OUTBOX_ROW_PREFIX}<eventId>: an event of the store's stock, in the same batch`,
    ],
  },
  {
    name: 'import',
    prefix: IMPORT_PREFIX,
    rows: [`${IMPORT_ROW}: an import record`],
    listed: { row: IMPORT_ROW, list: IMPORT_LIST_PARTITION },
  },
  {
    name: 'import-list',
    prefix: IMPORT_LIST_PARTITION,
    rows: ['<createdAt, id in reverse order>: the id of an import, newest first'],
  },
];
