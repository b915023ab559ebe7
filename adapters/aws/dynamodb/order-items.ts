import { type Order, type OrderStatus, orderSchema } from '../../../domain/orders/order';
import { orderEventsFor } from '../../../domain/orders/order-events';
import { readStored } from '../../../domain/shared/stored-record';
import { eventsOfImages, type Item, type ItemKind } from './item-kind';
import { type ItemKey, shardOf, shardPartitions } from './table-design';

/*
 * | item  | pk           | sk    | gsi1pk / gsi1sk            | gsi2pk / gsi2sk                            |
 * | order | ORDER#<id>   | ORDER | USER#<userId> / ORDER#<id> | ORDER_STATUS#<status>#<shard> / ORDER#<id> |
 */
const ORDER = { pk: 'ORDER#', sk: 'ORDER' } as const;
export const ORDER_SORT_PREFIX = 'ORDER#';

export const orderKey = (id: string): ItemKey => ({ pk: `${ORDER.pk}${id}`, sk: ORDER.sk });
/** The gsi1 partition of one user's orders. */
export const ordersOfUserPartition = (userId: string) => `USER#${userId}`;
const statusList = (status: OrderStatus) => `ORDER_STATUS#${status}#`;
/** The gsi2 partitions of the orders of one status, oldest first within each. */
export const orderStatusPartitions = (status: OrderStatus): string[] =>
  shardPartitions(statusList(status));

export const orderToItem = (order: Order): Item => ({
  ...orderKey(order.id),
  gsi1pk: ordersOfUserPartition(order.userId),
  gsi1sk: `${ORDER_SORT_PREFIX}${order.id}`,
  gsi2pk: `${statusList(order.status)}${shardOf(order.id)}`,
  gsi2sk: `${ORDER_SORT_PREFIX}${order.id}`,
  ...order,
});

export const itemToOrder = (item: Item): Order => readStored(orderSchema, item, 'order');

export const orderItemKinds: readonly ItemKind[] = [
  { name: 'order', key: ORDER, events: eventsOfImages(itemToOrder, orderEventsFor) },
];
