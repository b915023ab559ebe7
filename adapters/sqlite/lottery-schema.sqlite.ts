import type { SqliteSchema } from './sqlite-database';

/**
 * One row per employee; a winner is the same row with the draw that won it, so a claim is one
 * conditional UPDATE and no employee can hold two. The partial indexes make the two lists a draw
 * reads proportional to their own size: those who never won, and the winners by draw. The
 * eligible index carries won_draw (always NULL in it) so that it covers the draw's query: SQLite
 * still reads the column its WHERE tests, and without it went to the table for every row.
 */
export const lotterySchema: SqliteSchema = {
  name: 'lottery',
  migrations: [
    `
    CREATE TABLE lottery_employees (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT,
      won_draw TEXT,
      won_at TEXT
    ) WITHOUT ROWID;
    CREATE INDEX lottery_eligible ON lottery_employees (id, name, email, won_draw) WHERE won_draw IS NULL;
    CREATE INDEX lottery_winners ON lottery_employees (won_draw, id) WHERE won_draw IS NOT NULL;
    CREATE TABLE lottery_draws (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      record TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX lottery_draws_running ON lottery_draws (id) WHERE status = 'running';
    `,
    // The list of draws, newest first: as imports (inventory-schema.sqlite.ts).
    `
    ALTER TABLE lottery_draws ADD COLUMN created_at TEXT
      GENERATED ALWAYS AS (json_extract(record, '$.createdAt')) VIRTUAL;
    CREATE INDEX lottery_draws_newest ON lottery_draws (created_at, id);
    `,
  ],
};
