import type Database from 'better-sqlite3';
import { type DrawRecord, drawRecordSchema } from '../../domain/lottery/draw-record';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import { readStoredJson } from '../../domain/shared/stored-record';
import type { DrawStore } from '../../ports/draw-store.port';
import {
  type NewestFirstQueries,
  newestFirstPage,
  newestFirstQueries,
} from './newest-first.sqlite';
import type { SqliteDatabase } from './sqlite-database';

/** A draw is read and replaced whole: JSON, with its status as a column for the restart's query. */
export class SqliteDrawStore implements DrawStore {
  private readonly insertRow: Database.Statement<[string, string, string]>;
  private readonly replaceRow: Database.Statement<[string, string, string]>;
  private readonly byId: Database.Statement<[string], { record: string }>;
  private readonly running: Database.Statement<[], { record: string }>;
  private readonly newest: NewestFirstQueries;

  constructor(private readonly store: SqliteDatabase) {
    const db = store.db;
    this.insertRow = db.prepare(
      'INSERT INTO lottery_draws (id, status, record) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.replaceRow = db.prepare('UPDATE lottery_draws SET status = ?, record = ? WHERE id = ?');
    this.byId = db.prepare('SELECT record FROM lottery_draws WHERE id = ?');
    this.running = db.prepare(
      "SELECT record FROM lottery_draws WHERE status = 'running' ORDER BY id",
    );
    this.newest = newestFirstQueries(db, 'lottery_draws');
  }

  create(draw: DrawRecord): Promise<boolean> {
    return this.store.transact(
      [],
      () => this.insertRow.run(draw.id, draw.status, JSON.stringify(draw)).changes === 1,
    );
  }

  async save(draw: DrawRecord): Promise<void> {
    await this.store.transact([], () =>
      this.replaceRow.run(draw.status, JSON.stringify(draw), draw.id),
    );
  }

  async find(id: string): Promise<DrawRecord | null> {
    const row = this.byId.get(id);
    return row ? readStoredJson(drawRecordSchema, row.record, `draw ${id}`) : null;
  }

  async unfinished(): Promise<DrawRecord[]> {
    return this.running.all().map((row) => readStoredJson(drawRecordSchema, row.record, 'draw'));
  }

  async list(page: PageRequest): Promise<Page<DrawRecord>> {
    return newestFirstPage(this.newest, page, (json) =>
      readStoredJson(drawRecordSchema, json, 'draw'),
    );
  }
}
