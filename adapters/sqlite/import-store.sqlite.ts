import type Database from 'better-sqlite3';
import { type ImportRecord, importRecordSchema } from '../../domain/inventory/import-record';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import { readStoredJson } from '../../domain/shared/stored-record';
import type { ImportStore } from '../../ports/import-store.port';
import {
  type NewestFirstQueries,
  newestFirstPage,
  newestFirstQueries,
} from './newest-first.sqlite';
import type { SqliteDatabase } from './sqlite-database';

/**
 * The record is stored whole as JSON; only its id and version are columns, for the conditions
 * (and created_at, derived from the JSON, for the list).
 */
export class SqliteImportStore implements ImportStore {
  private readonly insertRow: Database.Statement<[string, number, string]>;
  private readonly updateRow: Database.Statement<[number, string, string, number]>;
  private readonly byId: Database.Statement<[string], { record: string }>;
  private readonly newest: NewestFirstQueries;

  constructor(store: SqliteDatabase) {
    const db = store.db;
    // ON CONFLICT (id) rather than INSERT OR IGNORE: only an existing id is "already there";
    // any other constraint failure is a fault and throws.
    this.insertRow = db.prepare(
      'INSERT INTO imports (id, version, record) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.updateRow = db.prepare(
      'UPDATE imports SET version = ?, record = ? WHERE id = ? AND version = ?',
    );
    this.byId = db.prepare('SELECT record FROM imports WHERE id = ?');
    this.newest = newestFirstQueries(db, 'imports');
  }

  async create(record: ImportRecord): Promise<boolean> {
    return this.insertRow.run(record.id, record.version, JSON.stringify(record)).changes === 1;
  }

  async update(record: ImportRecord, expectedVersion: number): Promise<boolean> {
    const { changes } = this.updateRow.run(
      record.version,
      JSON.stringify(record),
      record.id,
      expectedVersion,
    );
    return changes === 1;
  }

  async findById(id: string): Promise<ImportRecord | null> {
    const row = this.byId.get(id);
    return row ? readStoredJson(importRecordSchema, row.record, `import ${id}`) : null;
  }

  async list(page: PageRequest): Promise<Page<ImportRecord>> {
    return newestFirstPage(this.newest, page, (json) =>
      readStoredJson(importRecordSchema, json, 'import'),
    );
  }
}
