import { escapeKey, OUTBOX_ROW_PREFIX, type PartitionLayout } from './table-keys';

export const ORDER_PREFIX = 'order|';
export const ORDER_ROW = 'order';

export const orderPartition = (id: string) => ORDER_PREFIX + escapeKey(id);

export const orderPartitions: readonly PartitionLayout[] = [
  {
    name: 'order',
    prefix: ORDER_PREFIX,
    rows: [
      `${ORDER_ROW}: the order`,
      `${OUTBOX_ROW_PREFIX}<eventId>: an event of the order, written in the same batch`,
    ],
  },
];
