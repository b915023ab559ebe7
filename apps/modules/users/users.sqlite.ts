import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';
import { SqliteUserRepository } from '../../../adapters/sqlite/user-repository.sqlite';
import { usersSchema } from '../../../adapters/sqlite/users-schema.sqlite';

export const usersOnSqlite = {
  schema: usersSchema,
  create: (db: SqliteDatabase) => ({ users: new SqliteUserRepository(db) }),
};
