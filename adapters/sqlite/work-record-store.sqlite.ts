import type Database from 'better-sqlite3';
import type * as z from 'zod/mini';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import { readStoredJson } from '../../domain/shared/stored-record';
import type { WorkRecord } from '../../domain/shared/work-record';
import type { WorkRecordStore } from '../../ports/work-record-store.port';
import { afterFromCursor, cursorAfter } from './key-cursor';
import type { SqliteDatabase, SqliteSchema } from './sqlite-database';

/** A table of work records: the record whole as JSON, its id and version as columns. */
export const workRecordTable = (name: string, table: string): SqliteSchema => ({
  name,
  migrations: [
    `CREATE TABLE ${table} (
      id TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      record TEXT NOT NULL
    ) WITHOUT ROWID;`,
  ],
});

/**
 * Work records (images, documents) in their own table; a write and its events commit in one
 * transaction (the outbox). The record is only ever read and replaced whole, hence JSON.
 */
export class SqliteWorkRecordStore<R extends WorkRecord> implements WorkRecordStore<R> {
  private readonly insertRow: Database.Statement<[string, number, string]>;
  private readonly updateRow: Database.Statement<[number, string, string, number]>;
  private readonly byId: Database.Statement<[string], { record: string }>;
  private readonly page: Database.Statement<[string, number], { id: string; record: string }>;

  constructor(
    private readonly store: SqliteDatabase,
    table: string,
    private readonly schema: z.ZodMiniType<R>,
    private readonly what: string,
  ) {
    const db = store.db;
    this.insertRow = db.prepare(
      `INSERT INTO ${table} (id, version, record) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.updateRow = db.prepare(
      `UPDATE ${table} SET version = ?, record = ? WHERE id = ? AND version = ?`,
    );
    this.byId = db.prepare(`SELECT record FROM ${table} WHERE id = ?`);
    this.page = db.prepare(`SELECT id, record FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`);
  }

  create(record: R, events: readonly DomainEvent[]): Promise<boolean> {
    return this.store.transactAppending((append) => {
      const { changes } = this.insertRow.run(record.id, record.version, JSON.stringify(record));
      if (changes === 1) append(events);
      return changes === 1;
    });
  }

  update(record: R, expectedVersion: number, events: readonly DomainEvent[]): Promise<boolean> {
    return this.store.transactAppending((append) => {
      const { changes } = this.updateRow.run(
        record.version,
        JSON.stringify(record),
        record.id,
        expectedVersion,
      );
      if (changes === 1) append(events);
      return changes === 1;
    });
  }

  async findById(id: string): Promise<R | null> {
    const row = this.byId.get(id);
    return row ? readStoredJson(this.schema, row.record, `${this.what} ${id}`) : null;
  }

  async list(page: PageRequest): Promise<Page<R>> {
    const rows = this.page.all(afterFromCursor(page.cursor), page.limit + 1);
    return {
      items: rows
        .slice(0, page.limit)
        .map((row) => readStoredJson(this.schema, row.record, `${this.what} ${row.id}`)),
      nextCursor: cursorAfter(rows, page.limit),
    };
  }
}
