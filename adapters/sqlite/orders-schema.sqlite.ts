import type { SqliteSchema } from './sqlite-database';

export const ordersSchema: SqliteSchema = {
  name: 'orders',
  migrations: [
    `
    CREATE TABLE orders (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      status TEXT NOT NULL,
      currency TEXT NOT NULL,
      total INTEGER NOT NULL,
      items TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX orders_by_user ON orders (user_id, id);
    CREATE INDEX orders_by_status ON orders (status, id);
    `,
    `
    ALTER TABLE orders ADD COLUMN fulfilment_store TEXT;
    ALTER TABLE orders ADD COLUMN tax INTEGER;
    `,
    // The high-value-order rule holds orders for review; few are, so a partial index finds them.
    `
    ALTER TABLE orders ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX orders_flagged ON orders (id) WHERE flagged = 1;
    `,
  ],
};
