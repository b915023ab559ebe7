import type { SqliteSchema } from './sqlite-database';

export const usersSchema: SqliteSchema = {
  name: 'users',
  migrations: [
    `
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email_key TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      email TEXT NOT NULL,
      age INTEGER,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL
    ) WITHOUT ROWID;
    `,
  ],
};
