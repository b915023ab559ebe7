import type Database from 'better-sqlite3';
import type { RecordStore, StoredRecord } from '../../ports/record-store.port';
import type { SqliteDatabase } from './sqlite-database';

/** Documents as JSON text in the `messaging_records` table; conditional writes through the group commit. */
export class SqliteRecordStore implements RecordStore {
  private readonly read: Database.Statement<[string, string], { value: string; version: number }>;
  private readonly insert: Database.Statement<[string, string, string]>;
  private readonly update: Database.Statement<[string, string, string, number]>;
  private readonly remove: Database.Statement<[string, string]>;

  constructor(private readonly store: SqliteDatabase) {
    this.read = store.db.prepare(
      'SELECT value, version FROM messaging_records WHERE collection = ? AND id = ?',
    );
    this.insert = store.db.prepare(
      'INSERT OR IGNORE INTO messaging_records (collection, id, value, version) VALUES (?, ?, ?, 1)',
    );
    this.update = store.db.prepare(
      'UPDATE messaging_records SET value = ?, version = version + 1 WHERE collection = ? AND id = ? AND version = ?',
    );
    this.remove = store.db.prepare('DELETE FROM messaging_records WHERE collection = ? AND id = ?');
  }

  async get<T>(collection: string, id: string): Promise<StoredRecord<T> | null> {
    const row = this.read.get(collection, id);
    return row ? { value: JSON.parse(row.value) as T, version: row.version } : null;
  }

  put<T>(
    collection: string,
    id: string,
    value: T,
    expectedVersion: number | null,
  ): Promise<number | null> {
    const text = JSON.stringify(value);
    return this.store.group.run(() => {
      if (expectedVersion === null) {
        return this.insert.run(collection, id, text).changes === 1 ? 1 : null;
      }
      return this.update.run(text, collection, id, expectedVersion).changes === 1
        ? expectedVersion + 1
        : null;
    });
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.store.group.run(() => {
      this.remove.run(collection, id);
    });
  }
}
