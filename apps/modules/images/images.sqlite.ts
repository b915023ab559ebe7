import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';
import {
  SqliteWorkRecordStore,
  workRecordTable,
} from '../../../adapters/sqlite/work-record-store.sqlite';
import { imageRecordSchema } from '../../../domain/images/image-record';

export const imagesOnSqlite = {
  schema: workRecordTable('images', 'images'),
  create: (db: SqliteDatabase) => ({
    images: new SqliteWorkRecordStore(db, 'images', imageRecordSchema, 'image'),
  }),
};
