import type Database from 'better-sqlite3';
import * as z from 'zod/mini';
import type { StockKey, StockLevel, StockRow } from '../../domain/inventory/stock-level';
import { decidedWrites, levelAfterImport } from '../../domain/inventory/stock-transitions';
import type { DomainEvent } from '../../domain/shared/domain-event';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../domain/shared/pagination';
import type {
  InventoryFilter,
  InventoryRepository,
  StockEvents,
} from '../../ports/inventory-repository.port';
import { readDecideWrite, type SqliteDatabase } from './sqlite-database';

const COLUMNS = 'store, item, count, updated_at, version';

/** A row in COLUMNS order, as a raw statement returns it. */
type StockTuple = [string, string, number, string, number];

const tupleToLevel = ([store, item, count, updatedAt, version]: StockTuple): StockLevel => ({
  store,
  item,
  count,
  updatedAt,
  version,
});

/** Keyset pagination on the primary key: the cursor holds the last (store, item) of the page. */
const cursorSchema = z.strictObject({ store: z.string(), item: z.string() });

/**
 * Every read-then-write runs in one synchronous better-sqlite3 transaction on the one
 * connection that holds the file (locking_mode EXCLUSIVE), so nothing interleaves with it:
 * adjustments are never lost and `events(before, after)` sees the true `before`.
 *
 * Order is SQLite's BINARY collation, UTF-8 byte order, which is code-point order. The port
 * asks for code-unit order; the two differ only between a character above U+FFFF and one in
 * U+E000-U+FFFF, which store and item names do not mix in practice.
 */
export class SqliteInventoryRepository implements InventoryRepository {
  // Prepared once: statement compilation is the cost worth hoisting off the request path.
  private readonly byKey: Database.Statement<[string, string], StockTuple>;
  private readonly firstPage: Database.Statement<[number], StockTuple>;
  private readonly pageAfter: Database.Statement<[string, string, number], StockTuple>;
  private readonly storeFirstPage: Database.Statement<[string, number], StockTuple>;
  private readonly storePageAfter: Database.Statement<[string, string, number], StockTuple>;
  private readonly upsert: Database.Statement<[string, string, number, string, number]>;
  private readonly appliedKey: Database.Statement<[string, string, string], unknown>;
  private readonly recordKey: Database.Statement<[string, string, string, string]>;

  constructor(private readonly store: SqliteDatabase) {
    const db = store.db;
    this.byKey = db
      .prepare<[string, string], StockTuple>(
        `SELECT ${COLUMNS} FROM stock_levels WHERE store = ? AND item = ?`,
      )
      .raw();
    // Four statements rather than one with optional parameters: each is a single range
    // search of the primary key (an `(@x IS NULL OR ...)` form would scan).
    this.firstPage = db
      .prepare<[number], StockTuple>(
        `SELECT ${COLUMNS} FROM stock_levels ORDER BY store, item LIMIT ?`,
      )
      .raw();
    this.pageAfter = db
      .prepare<[string, string, number], StockTuple>(
        `SELECT ${COLUMNS} FROM stock_levels WHERE (store, item) > (?, ?)
         ORDER BY store, item LIMIT ?`,
      )
      .raw();
    this.storeFirstPage = db
      .prepare<[string, number], StockTuple>(
        `SELECT ${COLUMNS} FROM stock_levels WHERE store = ? ORDER BY item LIMIT ?`,
      )
      .raw();
    this.storePageAfter = db
      .prepare<[string, string, number], StockTuple>(
        `SELECT ${COLUMNS} FROM stock_levels WHERE store = ? AND item > ? ORDER BY item LIMIT ?`,
      )
      .raw();
    // The caller has read the row in the same transaction, so the version it computes is the
    // stored one plus one; one statement serves creation and update.
    this.upsert = db.prepare(
      `INSERT INTO stock_levels (store, item, count, updated_at, version) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (store, item) DO UPDATE SET
         count = excluded.count, updated_at = excluded.updated_at, version = excluded.version`,
    );
    this.appliedKey = db
      .prepare<[string, string, string], unknown>(
        'SELECT 1 FROM stock_adjustments WHERE store = ? AND item = ? AND once = ?',
      )
      .pluck();
    this.recordKey = db.prepare(
      'INSERT INTO stock_adjustments (store, item, once, at) VALUES (?, ?, ?, ?)',
    );
  }

  async find(key: StockKey): Promise<StockLevel | null> {
    const row = this.byKey.get(key.store, key.item);
    return row ? tupleToLevel(row) : null;
  }

  async list(filter: InventoryFilter, page: PageRequest): Promise<Page<StockLevel>> {
    const after = page.cursor ? decodeCursor(page.cursor, cursorSchema) : undefined;
    const limit = page.limit + 1;
    let rows: StockTuple[];
    if (filter.store === undefined) {
      rows = after ? this.pageAfter.all(after.store, after.item, limit) : this.firstPage.all(limit);
    } else if (!after || after.store < filter.store) {
      rows = this.storeFirstPage.all(filter.store, limit);
    } else if (after.store === filter.store) {
      rows = this.storePageAfter.all(filter.store, after.item, limit);
    } else {
      rows = []; // a cursor past this store: nothing of it is left
    }
    const items = rows.slice(0, page.limit).map(tupleToLevel);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > page.limit && last
          ? encodeCursor({ store: last.store, item: last.item })
          : null,
    };
  }

  private readonly writes = decidedWrites(async (key, decide, events, once) =>
    this.store.transactAppending((append) => {
      const applied =
        once !== undefined && this.appliedKey.get(key.store, key.item, once) !== undefined;
      let changed = false;
      const after = this.apply(
        key,
        (level) => {
          const next = decide(level, applied);
          changed = next !== level;
          return next;
        },
        events,
        append,
      );
      // In the transaction of the change: the key is recorded if and only if the change is.
      if (once !== undefined && changed) {
        this.recordKey.run(key.store, key.item, once, after.updatedAt);
      }
      return after;
    }),
  );
  readonly set = this.writes.set;
  readonly adjust = this.writes.adjust;

  /**
   * One transaction for the whole call: one WAL commit (one fsync at most) per batch instead
   * of one per row, which is what makes a large import fast. A row whose count is already
   * stored is skipped, so repeating the call after a failure writes nothing twice.
   */
  async setMany(rows: readonly StockRow[], at: string, events: StockEvents): Promise<void> {
    if (rows.length === 0) return;
    // The rows of an import, one call per row and no closure each: this loop is the import's
    // inner loop on the embedded store.
    await this.store.transactAppending((append) => {
      for (const row of rows) {
        const before = this.read(row);
        const after = levelAfterImport(row, before, at);
        if (after) this.write(before, after, events, append);
      }
    });
  }

  private apply(
    key: StockKey,
    decide: (before: StockLevel | null) => StockLevel,
    events: StockEvents,
    append: (events: readonly DomainEvent[]) => void,
  ): StockLevel {
    return readDecideWrite(append, {
      read: () => this.read(key),
      decide,
      write: (after) =>
        this.upsert.run(after.store, after.item, after.count, after.updatedAt, after.version),
      events,
    });
  }

  private read(key: StockKey): StockLevel | null {
    const row = this.byKey.get(key.store, key.item);
    return row ? tupleToLevel(row) : null;
  }

  private write(
    before: StockLevel | null,
    after: StockLevel,
    events: StockEvents,
    append: (events: readonly DomainEvent[]) => void,
  ): void {
    this.upsert.run(after.store, after.item, after.count, after.updatedAt, after.version);
    append(events(before, after));
  }
}
