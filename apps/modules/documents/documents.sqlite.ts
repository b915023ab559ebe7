import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';
import {
  SqliteWorkRecordStore,
  workRecordTable,
} from '../../../adapters/sqlite/work-record-store.sqlite';
import { documentRecordSchema } from '../../../domain/documents/document-record';

export const documentsOnSqlite = {
  schema: workRecordTable('documents', 'documents'),
  create: (db: SqliteDatabase) => ({
    documents: new SqliteWorkRecordStore(db, 'documents', documentRecordSchema, 'document'),
  }),
};
