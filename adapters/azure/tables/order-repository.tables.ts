import { odata, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import { type Order, orderItemsSchema, orderSchema } from '../../../domain/orders/order';
import { OrderNotFoundError, OrderVersionMismatchError } from '../../../domain/orders/order-errors';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { readStored, readStoredJson } from '../../../domain/shared/stored-record';
import type { OrderFilter, OrderRepository } from '../../../ports/order-repository.port';
import { isStatus } from '../storage-errors';
import { ORDER_PREFIX, ORDER_ROW, orderPartition } from './order-keys';
import { prefixEnd } from './table-keys';
import { queryPage } from './table-page';
import type { TableStore } from './table-store';

type Row = TableEntityResult<Record<string, unknown>>;

const toEntity = (order: Order): TableEntity => ({
  partitionKey: orderPartition(order.id),
  rowKey: ORDER_ROW,
  kind: 'order',
  id: order.id,
  userId: order.userId,
  status: order.status,
  currency: order.currency,
  // Totals go up to 2^53 - 1: Int32 would overflow and Double is not an integer type.
  total: { value: String(order.total), type: 'Int64' },
  items: JSON.stringify(order.items),
  ...(order.fulfilmentStore === undefined ? {} : { fulfilmentStore: order.fulfilmentStore }),
  ...(order.tax === undefined ? {} : { tax: { value: String(order.tax), type: 'Int64' } }),
  createdAt: order.createdAt,
  updatedAt: order.updatedAt,
  version: order.version,
  flagged: order.flagged === true,
});

const toOrder = (row: Row): Order =>
  readStored(
    orderSchema,
    {
      id: row.id,
      userId: row.userId,
      items: readStoredJson(orderItemsSchema, String(row.items), `items of order ${row.id}`),
      currency: row.currency,
      // Int64 properties come back as BigInt
      total: typeof row.total === 'bigint' ? Number(row.total) : row.total,
      status: row.status,
      ...(row.fulfilmentStore === undefined ? {} : { fulfilmentStore: row.fulfilmentStore }),
      ...(row.tax === undefined
        ? {}
        : { tax: typeof row.tax === 'bigint' ? Number(row.tax) : row.tax }),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
      ...(row.flagged === true ? { flagged: true } : {}),
    },
    'order',
  );

/**
 * Orders on Table Storage, one partition per order (`order|<id>`) holding the order and its
 * outbox entities, so every write is a single entity-group transaction.
 *
 * Why not partition by user: `GET /orders/{id}` has only the id (a user partition would
 * need a second, non-atomic index), and "all orders" and "by status" must come oldest first,
 * which Table Storage's PartitionKey-then-RowKey order gives only when the partition key
 * sorts by creation. The price: listing by user or status filters a scan of the order
 * partitions (server side, paged by continuation token) rather than reading one partition.
 * At a scale where that matters, add index entities per user (README, "Table Storage").
 */
export class TableOrderRepository implements OrderRepository {
  constructor(private readonly store: TableStore) {}

  async insert(order: Order, events: readonly DomainEvent[]): Promise<void> {
    await this.store.transact(orderPartition(order.id), [['create', toEntity(order)]], events);
  }

  async update(
    order: Order,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<void> {
    const current = await this.row(order.id);
    if (!current) throw new OrderNotFoundError(order.id);
    if (current.version !== expectedVersion) {
      throw new OrderVersionMismatchError(order.id, expectedVersion, current.version as number);
    }
    try {
      await this.store.transact(
        orderPartition(order.id),
        [['update', toEntity(order), 'Replace', { etag: current.etag }]],
        events,
      );
    } catch (error) {
      if (!isStatus(error, 404, 412)) throw error;
      const now = await this.row(order.id);
      if (!now) throw new OrderNotFoundError(order.id);
      throw new OrderVersionMismatchError(order.id, expectedVersion, now.version as number);
    }
  }

  async findById(id: string): Promise<Order | null> {
    const row = await this.row(id);
    return row ? toOrder(row) : null;
  }

  async list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    let query = odata`PartitionKey gt ${ORDER_PREFIX} and PartitionKey lt ${prefixEnd(ORDER_PREFIX)} and RowKey eq ${ORDER_ROW}`;
    if (filter.userId !== undefined) query += odata` and userId eq ${filter.userId}`;
    if (filter.status !== undefined) query += odata` and status eq ${filter.status}`;
    // Entities written before the flag have no property: `ne true` keeps them among the unflagged.
    if (filter.flagged !== undefined) {
      query += filter.flagged ? ' and flagged eq true' : ' and not (flagged eq true)';
    }
    const result = await queryPage(this.store.records, query, page);
    return { items: result.items.map(toOrder), nextCursor: result.nextCursor };
  }

  private row(id: string): Promise<Row | null> {
    return this.store.read(orderPartition(id), ORDER_ROW);
  }
}
