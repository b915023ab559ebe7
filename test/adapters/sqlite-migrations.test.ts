import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { MIGRATIONS, SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { sampleEvent } from '../support/sample-data';
import { tempDir } from '../support/temp-dir';

describe('SQLite schema migrations', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('brings a version-1 file up to date and keeps its undelivered events', async () => {
    const dir = tempDir('migrate-');
    dirs.push(dir);
    const file = join(dir.path, 'app.db');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    const [first, second] = [sampleEvent('user.created'), sampleEvent('user.updated')];
    const insert = old.prepare(
      'INSERT INTO outbox (event_id, type, event, attempts) VALUES (?, ?, ?, ?)',
    );
    insert.run(first.id, first.type, JSON.stringify(first), 0);
    insert.run(second.id, second.type, JSON.stringify(second), 2);
    old.close();

    const db = new SqliteDatabase(file);
    try {
      expect(db.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const tables = db.db
        .prepare<[], { name: string }>(
          `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .all()
        .map((table) => table.name);
      expect(tables).toEqual([
        'imports',
        'notifications',
        'orders',
        'outbox',
        'processed_events',
        'stock_levels',
        'users',
      ]);
      const due = await new SqliteOutbox(db).due(10, new Date());
      expect(due).toEqual([
        { event: first, attempts: 0 },
        { event: second, attempts: 2 },
      ]);
    } finally {
      db.close();
    }
  });
});
