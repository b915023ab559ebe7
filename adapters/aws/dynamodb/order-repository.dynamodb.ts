import { isDeepStrictEqual } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_STATUSES, type Order } from '../../../domain/orders/order';
import { OrderNotFoundError, OrderVersionMismatchError } from '../../../domain/orders/order-errors';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import type { OrderFilter, OrderRepository } from '../../../ports/order-repository.port';
import type { DynamoDbTable } from './dynamodb-store';
import { keysetPage, type PartitionSource } from './keyset-query';
import {
  itemToOrder,
  ORDER_SORT_PREFIX,
  orderKey,
  orderStatusPartitions,
  ordersOfUserPartition,
  orderToItem,
} from './order-items';
import { fitsInKey, GSI1, GSI2 } from './table-design';
import { WriteCancelledError } from './transaction-writer';
import { putIfAbsent, putOnVersion } from './write-items';

/**
 * Orders in the single table. Every write touches one item, so it is a plain conditional write
 * (the writer sends one-entry lists as such). As for users, `events` is not written: the
 * table's stream is the outbox and the stream handler derives them with orderEventsFor.
 *
 * Reads by user use gsi1 (`USER#<userId>`, a user's orders are few, so a status there is a
 * filter); reads by status use the shards of gsi2; all orders are the merge of every status's
 * shards, so no listing ever scans the table.
 */
export class DynamoDbOrderRepository implements OrderRepository {
  constructor(private readonly options: DynamoDbTable) {}

  async insert(order: Order, _events: readonly DomainEvent[]): Promise<void> {
    try {
      await this.options.writer.write([putIfAbsent(this.options.tableName, orderToItem(order))]);
    } catch (error) {
      if (error instanceof WriteCancelledError && error.conditionFailed(0)) {
        throw new Error(`Order id ${order.id} is already taken.`);
      }
      throw error;
    }
  }

  async update(
    order: Order,
    expectedVersion: number,
    _events: readonly DomainEvent[],
  ): Promise<void> {
    const item = orderToItem(order);
    try {
      await this.options.writer.write([
        putOnVersion(this.options.tableName, item, expectedVersion),
      ]);
    } catch (error) {
      const reason = error instanceof WriteCancelledError && error.conditionFailed(0);
      if (!reason) throw error;
      const found = reason.item ? itemToOrder(reason.item) : null;
      if (!found) throw new OrderNotFoundError(order.id);
      // Equal to what was being written: an earlier attempt of this write committed.
      if (isDeepStrictEqual(found, order)) return;
      throw new OrderVersionMismatchError(order.id, expectedVersion, found.version);
    }
  }

  async findById(id: string): Promise<Order | null> {
    if (!fitsInKey(id)) return null;
    const { Item } = await this.options.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: orderKey(id),
        ConsistentRead: true,
      }),
    );
    return Item ? itemToOrder(Item) : null;
  }

  list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    return keysetPage(
      this.options.doc,
      this.options.tableName,
      this.sources(filter),
      page,
      itemToOrder,
    );
  }

  private sources(filter: OrderFilter): PartitionSource[] {
    if (filter.userId !== undefined) {
      return [
        {
          index: GSI1,
          partition: ordersOfUserPartition(filter.userId),
          prefix: ORDER_SORT_PREFIX,
          ...itemFilter({ status: filter.status, flagged: filter.flagged }),
        },
      ];
    }
    const statuses = filter.status === undefined ? ORDER_STATUSES : [filter.status];
    const flagged = itemFilter({ flagged: filter.flagged });
    return statuses.flatMap((status) =>
      orderStatusPartitions(status).map((partition) => ({
        index: GSI2,
        partition,
        prefix: ORDER_SORT_PREFIX,
        ...flagged,
      })),
    );
  }
}

/**
 * What a partition's items are filtered on: the status within a user's orders, and the review
 * flag. Flagged orders are few and need no index of their own; items written before the flag
 * lack the attribute, so "not flagged" is absent or anything but true.
 */
const itemFilter = (
  filter: Pick<OrderFilter, 'status' | 'flagged'>,
): Pick<PartitionSource, 'filter'> => {
  const terms: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.status !== undefined) {
    terms.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.flagged !== undefined) {
    terms.push(
      filter.flagged ? '#flagged = :true' : '(attribute_not_exists(#flagged) OR #flagged <> :true)',
    );
    names['#flagged'] = 'flagged';
    values[':true'] = true;
  }
  return terms.length === 0 ? {} : { filter: { expression: terms.join(' AND '), names, values } };
};
