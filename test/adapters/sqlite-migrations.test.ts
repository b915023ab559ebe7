import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { modules } from '../../apps/modules/modules';
import { usersModule } from '../../apps/modules/users/users.module';
import { sampleImport } from '../contracts/import-store.contract';
import { LEGACY_MIGRATIONS } from '../fixtures/sqlite/legacy-migrations';
import { sampleEvent, sampleUser } from '../support/sample-data';
import { tempDir } from '../support/temp-dir';

const tablesOf = (db: SqliteDatabase) =>
  db.db
    .prepare<[], { name: string }>(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all()
    .map((table) => table.name);

const versionsOf = (db: SqliteDatabase) =>
  Object.fromEntries(
    db.db
      .prepare<[], { name: string; version: number }>('SELECT name, version FROM schema_versions')
      .all()
      .map(({ name, version }) => [name, version]),
  );

const EVERY_TABLE = [
  'api_keys',
  'documents',
  'images',
  'imports',
  'job_dedup',
  'jobs',
  'lottery_draws',
  'lottery_employees',
  'messaging_records',
  'notifications',
  'orders',
  'outbox',
  'processed_events',
  'schema_versions',
  'stock_adjustments',
  'stock_levels',
  'users',
];

/** Each module's schema at its version, and the core's. */
const EVERY_VERSION = {
  core: 3,
  access: 1,
  users: 1,
  orders: 3, // 2: fulfilment store and tax; 3: the review flag (event rules)
  inventory: 3, // 3: imports listed newest first
  lottery: 2, // 2: draws listed newest first
  images: 1,
  documents: 1,
  messaging: 1,
};

describe('SQLite schemas, one per module', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });
  const fileIn = () => {
    const dir = tempDir('migrate-');
    dirs.push(dir);
    return join(dir.path, 'app.db');
  };

  /** A file as a version before modules left it: one list, its version in user_version. */
  const legacyFile = (version: number) => {
    const file = fileIn();
    const old = new Database(file);
    for (const step of LEGACY_MIGRATIONS.slice(0, version)) old.exec(step);
    old.pragma(`user_version = ${version}`);
    return { file, old };
  };

  it('creates every module’s tables in a new file, each schema at its own version', async () => {
    const store = await openSqliteStore(modules, fileIn());
    try {
      expect(tablesOf(store.db)).toEqual(EVERY_TABLE);
      expect(versionsOf(store.db)).toEqual(EVERY_VERSION);
    } finally {
      store.close();
    }
  });

  it('brings a version-1 file up to date and keeps its undelivered events', async () => {
    const { file, old } = legacyFile(1);
    const [first, second] = [sampleEvent('user.created'), sampleEvent('user.updated')];
    const insert = old.prepare(
      'INSERT INTO outbox (event_id, type, event, attempts) VALUES (?, ?, ?, ?)',
    );
    insert.run(first.id, first.type, JSON.stringify(first), 0);
    insert.run(second.id, second.type, JSON.stringify(second), 2);
    old.close();

    const store = await openSqliteStore(modules, file);
    try {
      expect(tablesOf(store.db)).toEqual(EVERY_TABLE);
      expect(versionsOf(store.db)).toEqual(EVERY_VERSION);
      const due = await new SqliteOutbox(store.db).due(10, new Date());
      expect(due).toEqual([
        { event: first, attempts: 0 },
        { event: second, attempts: 2 },
      ]);
    } finally {
      store.close();
    }
  });

  it('opens a file the last single-list version made, its rows intact, and migrates nothing twice', async () => {
    const { file, old } = legacyFile(LEGACY_MIGRATIONS.length);
    const ada = sampleUser({ email: 'ada@example.com' });
    old
      .prepare(
        `INSERT INTO users (id, email_key, name, email, age, status, created_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ada.id,
        'ada@example.com',
        ada.name,
        ada.email,
        ada.age,
        ada.status,
        ada.createdAt,
        ada.updatedAt,
        1,
      );
    old
      .prepare(
        'INSERT INTO stock_levels (store, item, count, updated_at, version) VALUES (?, ?, ?, ?, ?)',
      )
      .run('Oslo', 'milk', 3, '2026-01-01T00:00:00.000Z', 1);
    // An import made before imports were listed: the list reads it with no backfill.
    const imported = sampleImport();
    old
      .prepare('INSERT INTO imports (id, version, record) VALUES (?, ?, ?)')
      .run(imported.id, imported.version, JSON.stringify(imported));
    old.close();

    for (let open = 0; open < 2; open += 1) {
      const store = await openSqliteStore(modules, file);
      try {
        expect(versionsOf(store.db)).toEqual(EVERY_VERSION);
        expect(await storesOf(store, usersModule).users.findById(ada.id)).toEqual(ada);
        expect(
          await storesOf(store, inventoryModule).stock.find({ store: 'Oslo', item: 'milk' }),
        ).toMatchObject({ count: 3, version: 1 });
        expect(await storesOf(store, inventoryModule).imports.list({ limit: 5 })).toEqual({
          items: [imported],
          nextCursor: null,
        });
      } finally {
        store.close();
      }
    }
  });

  it('adds a module’s tables to a file that already has the others', () => {
    const file = fileIn();
    new SqliteDatabase(file, []).close();
    const later = {
      name: 'later',
      migrations: ['CREATE TABLE later_things (id TEXT PRIMARY KEY) WITHOUT ROWID;'],
    };
    const db = new SqliteDatabase(file, [later]);
    try {
      expect(versionsOf(db)).toEqual({ core: 3, later: 1 });
      expect(tablesOf(db)).toContain('later_things');
    } finally {
      db.close();
    }
  });

  it('refuses two schemas of one name', () => {
    const twice = { name: 'users', migrations: [] };
    expect(() => new SqliteDatabase(fileIn(), [twice, twice])).toThrow(
      'Two SQLite schemas are named users',
    );
  });
});
