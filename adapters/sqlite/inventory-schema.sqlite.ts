import type { SqliteSchema } from './sqlite-database';

/**
 * stock_levels is keyed by (store, item) itself: a point read, a store's listing and the keyset
 * cursor all walk the one b-tree, in BINARY (UTF-8 byte, so code-point) order. An import record
 * is only ever read and replaced whole, so it is kept as JSON beside the version its
 * conditional update tests. stock_adjustments holds the idempotency keys of keyed adjustments,
 * per level, written in the transaction of the change they made.
 */
export const inventorySchema: SqliteSchema = {
  name: 'inventory',
  migrations: [
    `
    CREATE TABLE stock_levels (
      store TEXT NOT NULL,
      item TEXT NOT NULL,
      count INTEGER NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL,
      PRIMARY KEY (store, item)
    ) WITHOUT ROWID;
    CREATE TABLE imports (
      id TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      record TEXT NOT NULL
    ) WITHOUT ROWID;
    `,
    `
    CREATE TABLE stock_adjustments (
      store TEXT NOT NULL,
      item TEXT NOT NULL,
      once TEXT NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (store, item, once)
    ) WITHOUT ROWID;
    `,
    // The list of imports, newest first: the record's createdAt as a virtual column (computed
    // on read, nothing to backfill) and an index SQLite walks backwards for the keyset query.
    `
    ALTER TABLE imports ADD COLUMN created_at TEXT
      GENERATED ALWAYS AS (json_extract(record, '$.createdAt')) VIRTUAL;
    CREATE INDEX imports_newest ON imports (created_at, id);
    `,
  ],
};
