import { SqliteDrawStore } from '../../../adapters/sqlite/draw-store.sqlite';
import { SqliteEmployeeRepository } from '../../../adapters/sqlite/employee-repository.sqlite';
import { lotterySchema } from '../../../adapters/sqlite/lottery-schema.sqlite';
import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';

export const lotteryOnSqlite = {
  schema: lotterySchema,
  create: (db: SqliteDatabase) => ({
    employees: new SqliteEmployeeRepository(db),
    draws: new SqliteDrawStore(db),
  }),
};
