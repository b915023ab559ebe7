import type { SqliteSchema } from './sqlite-database';

/** API keys by their public id; the record (hash, role, dates) as JSON. */
export const apiKeysSchema: SqliteSchema = {
  name: 'access',
  migrations: [
    `
    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      record TEXT NOT NULL
    ) WITHOUT ROWID;
    `,
  ],
};
