import { SqliteApiKeyStore } from '../../../adapters/sqlite/api-key-store.sqlite';
import { apiKeysSchema } from '../../../adapters/sqlite/api-keys-schema.sqlite';
import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';

export const accessOnSqlite = {
  schema: apiKeysSchema,
  create: (db: SqliteDatabase) => ({ apiKeys: new SqliteApiKeyStore(db) }),
};
