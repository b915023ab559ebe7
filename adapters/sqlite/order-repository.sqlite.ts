import type Database from 'better-sqlite3';
import { type Order, orderItemsSchema } from '../../domain/orders/order';
import { OrderNotFoundError, OrderVersionMismatchError } from '../../domain/orders/order-errors';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import { readStoredJson } from '../../domain/shared/stored-record';
import type { OrderFilter, OrderRepository } from '../../ports/order-repository.port';
import { afterFromCursor, cursorAfter } from './key-cursor';
import type { SqliteDatabase } from './sqlite-database';

interface OrderRow {
  id: string;
  user_id: string;
  status: Order['status'];
  currency: string;
  total: number;
  items: string;
  fulfilment_store: string | null;
  tax: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  flagged: number;
}

const COLUMNS =
  'id, user_id, status, currency, total, items, fulfilment_store, tax, created_at, updated_at, version, flagged';

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  userId: row.user_id,
  items: readStoredJson(orderItemsSchema, row.items, `items of order ${row.id}`),
  currency: row.currency,
  total: row.total,
  status: row.status,
  ...(row.fulfilment_store === null ? {} : { fulfilmentStore: row.fulfilment_store }),
  ...(row.tax === null ? {} : { tax: row.tax }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
  ...(row.flagged ? { flagged: true } : {}),
});

const toParams = (order: Order) => ({
  ...order,
  items: JSON.stringify(order.items),
  fulfilmentStore: order.fulfilmentStore ?? null,
  tax: order.tax ?? null,
  flagged: order.flagged ? 1 : 0,
});

export class SqliteOrderRepository implements OrderRepository {
  private readonly byId: Database.Statement<[string], OrderRow>;
  private readonly versionOf: Database.Statement<[string], { version: number }>;
  private readonly page: Database.Statement<
    {
      after: string;
      limit: number;
      userId: string | null;
      status: string | null;
      flagged: number | null;
    },
    OrderRow
  >;
  private readonly insertRow: Database.Statement;
  private readonly updateRow: Database.Statement;

  constructor(private readonly store: SqliteDatabase) {
    const db = store.db;
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM orders WHERE id = ?`);
    this.versionOf = db.prepare('SELECT version FROM orders WHERE id = ?');
    // One statement for every filter combination: SQLite picks the user or status index.
    this.page = db.prepare(
      `SELECT ${COLUMNS} FROM orders
       WHERE id > @after AND (@userId IS NULL OR user_id = @userId) AND (@status IS NULL OR status = @status)
         AND (@flagged IS NULL OR flagged = @flagged)
       ORDER BY id LIMIT @limit`,
    );
    this.insertRow = db.prepare(
      `INSERT INTO orders (id, user_id, status, currency, total, items, fulfilment_store, tax,
         created_at, updated_at, version, flagged)
       VALUES (@id, @userId, @status, @currency, @total, @items, @fulfilmentStore, @tax,
         @createdAt, @updatedAt, @version, @flagged)`,
    );
    this.updateRow = db.prepare(
      `UPDATE orders SET status = @status, currency = @currency, total = @total, items = @items,
       fulfilment_store = @fulfilmentStore, tax = @tax, updated_at = @updatedAt, version = @version,
       flagged = @flagged WHERE id = @id AND version = @expectedVersion`,
    );
  }

  async insert(order: Order, events: readonly DomainEvent[]): Promise<void> {
    await this.store.transact(events, () => this.insertRow.run(toParams(order)));
  }

  async update(
    order: Order,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<void> {
    await this.store.transact(events, () => {
      if (this.updateRow.run({ ...toParams(order), expectedVersion }).changes === 0) {
        const row = this.versionOf.get(order.id);
        if (!row) throw new OrderNotFoundError(order.id);
        throw new OrderVersionMismatchError(order.id, expectedVersion, row.version);
      }
    });
  }

  async findById(id: string): Promise<Order | null> {
    const row = this.byId.get(id);
    return row ? toOrder(row) : null;
  }

  async list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    const rows = this.page.all({
      after: afterFromCursor(page.cursor),
      limit: page.limit + 1,
      userId: filter.userId ?? null,
      status: filter.status ?? null,
      flagged: filter.flagged === undefined ? null : Number(filter.flagged),
    });
    return {
      items: rows.slice(0, page.limit).map(toOrder),
      nextCursor: cursorAfter(rows, page.limit),
    };
  }
}
