import type Database from 'better-sqlite3';
import { type ApiKeyRecord, apiKeyRecordSchema } from '../../domain/access/api-key';
import { readStoredJson } from '../../domain/shared/stored-record';
import type { ApiKeyStore } from '../../ports/api-key-store.port';
import type { SqliteDatabase } from './sqlite-database';

export class SqliteApiKeyStore implements ApiKeyStore {
  private readonly insertRow: Database.Statement<[string, string]>;
  private readonly byId: Database.Statement<[string], { record: string }>;
  private readonly all: Database.Statement<[], { record: string }>;
  private readonly replace: Database.Statement<[string, string]>;

  constructor(store: SqliteDatabase) {
    const db = store.db;
    this.insertRow = db.prepare(
      'INSERT INTO api_keys (id, record) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.byId = db.prepare('SELECT record FROM api_keys WHERE id = ?');
    this.all = db.prepare('SELECT record FROM api_keys ORDER BY id');
    this.replace = db.prepare('UPDATE api_keys SET record = ? WHERE id = ?');
  }

  async create(record: ApiKeyRecord): Promise<boolean> {
    return this.insertRow.run(record.id, JSON.stringify(record)).changes === 1;
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = this.byId.get(id);
    return row ? readStoredJson(apiKeyRecordSchema, row.record, `api key ${id}`) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.all.all().map((row) => readStoredJson(apiKeyRecordSchema, row.record, 'api key'));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const record = await this.findById(id);
    if (!record) return false;
    if (record.revokedAt === null) {
      this.replace.run(JSON.stringify({ ...record, revokedAt: at }), id);
    }
    return true;
  }
}
