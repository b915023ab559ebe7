import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { GroupCommit } from './group-commit';

/**
 * The tables one owner (a domain module, or the store itself) keeps in the file. Each schema
 * counts its own version in `schema_versions`, so modules add tables without a shared list.
 */
export interface SqliteSchema {
  name: string;
  /** Each entry moves this schema one version up; they run once per file, in order. */
  migrations: readonly string[];
}

/** The store's own tables: the outbox, the consumers' dedupe marks, the notifications kept. */
export const CORE_SCHEMA: SqliteSchema = {
  name: 'core',
  migrations: [
    `
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      event TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );
    CREATE INDEX outbox_due ON outbox (state, next_attempt_at, seq);
    CREATE TABLE processed_events (
      consumer TEXT NOT NULL,
      event_id TEXT NOT NULL,
      processed_at TEXT NOT NULL,
      PRIMARY KEY (consumer, event_id)
    ) WITHOUT ROWID;
    `,
    // The outbox becomes one b-tree keyed by the (sortable) event id: no rowid table, no
    // sqlite_sequence row, no unique and due indexes. Each write touched four b-trees for its
    // events; it now touches one, a third fewer WAL frames per order. Delivered rows are
    // deleted, so the due scan reads only pending work and dead letters.
    `
    CREATE TABLE outbox_v2 (
      event_id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      event TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    ) WITHOUT ROWID;
    INSERT INTO outbox_v2 (event_id, type, event, state, attempts, next_attempt_at, last_error)
      SELECT event_id, type, event, state, attempts, next_attempt_at, last_error FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_v2 RENAME TO outbox;
    `,
    // Notifications are keyed by a time-ordered id, so "newest first" is a backwards walk of the
    // primary key and no index is needed.
    `
    CREATE TABLE notifications (
      id TEXT PRIMARY KEY,
      subject TEXT NOT NULL,
      message TEXT NOT NULL,
      attributes TEXT NOT NULL,
      sent_at TEXT NOT NULL
    ) WITHOUT ROWID;
    `,
  ],
};

/**
 * Files made before schemas were kept per owner recorded one version for everything in
 * `PRAGMA user_version` (1: users, orders, outbox, marks; 2: the keyed outbox; 3: stock levels,
 * imports, notifications). What each version meant, per schema, so such a file carries on.
 */
const versionsOfLegacyFile = (userVersion: number): Record<string, number> => ({
  core: userVersion,
  users: userVersion >= 1 ? 1 : 0,
  orders: userVersion >= 1 ? 1 : 0,
  inventory: userVersion >= 3 ? 1 : 0,
});

/**
 * The embedded store: one SQLite file (WAL) holding the records, the outbox and the
 * consumers' dedupe marks, so a change and its events commit in one transaction.
 */
export class SqliteDatabase {
  readonly db: Database.Database;
  private readonly insertOutbox: Database.Statement<[string, string, string]>;
  private readonly commitListeners = new Set<() => void>();
  /** The writes' group commit (its `stats` say how many writes shared each commit). */
  readonly group: GroupCommit;

  /** `schemas`: the tables of each module using this file (their sqlite store slices). */
  constructor(file: string, schemas: readonly SqliteSchema[] = []) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    try {
      // One process owns the file: exclusive locking keeps the WAL index in process memory
      // and takes the file lock once instead of fcntl calls on every read (much faster
      // point reads: README, Performance). A second process on the same file fails at once with a clear error.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.migrate([CORE_SCHEMA, ...schemas]);
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new Error(`${file} is in use by another process; give each server its own DATA_DIR`);
      }
      throw error;
    }
    this.insertOutbox = this.db.prepare(
      'INSERT INTO outbox (event_id, type, event) VALUES (?, ?, ?)',
    );
    this.group = new GroupCommit(this.db);
  }

  /**
   * Runs `write` and appends `events` to the outbox in one transaction (shared with the writes
   * that arrive with it: GroupCommit); resolves after the commit, and listeners (the relay) hear
   * of it only then. `write` runs synchronously inside the transaction: what it reads, no other
   * write changes before the commit.
   */
  transact<T>(events: readonly DomainEvent[], write: () => T): Promise<T> {
    return this.transactAppending((append) => {
      const value = write();
      append(events);
      return value;
    });
  }

  /**
   * For writes whose events depend on what they read inside the transaction (a stock level
   * before its change): `write` appends them as it goes, and they commit with it. A write that
   * throws is rolled back alone, events included, and its promise rejects with that error.
   */
  async transactAppending<T>(
    write: (append: (events: readonly DomainEvent[]) => void) => T,
  ): Promise<T> {
    let appended = 0;
    const value = await this.group.run(() =>
      write((events) => {
        for (const event of events) {
          this.insertOutbox.run(event.id, event.type, JSON.stringify(event));
        }
        appended += events.length;
      }),
    );
    if (appended > 0) for (const listener of this.commitListeners) listener();
    return value;
  }

  onOutboxCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private migrate(schemas: readonly SqliteSchema[]): void {
    const names = new Set<string>();
    for (const { name } of schemas) {
      if (names.has(name)) throw new Error(`Two SQLite schemas are named ${name}`);
      names.add(name);
    }
    const tracked = this.db
      .prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_versions'`)
      .get();
    this.db.transaction(() => {
      if (tracked) return;
      this.db.exec(
        'CREATE TABLE schema_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID',
      );
      const legacy = this.db.pragma('user_version', { simple: true }) as number;
      if (legacy === 0) return;
      const seed = this.db.prepare('INSERT INTO schema_versions (name, version) VALUES (?, ?)');
      for (const [name, version] of Object.entries(versionsOfLegacyFile(legacy))) {
        if (version > 0) seed.run(name, version);
      }
    })();
    const versionOf = this.db.prepare<[string], { version: number }>(
      'SELECT version FROM schema_versions WHERE name = ?',
    );
    const record = this.db.prepare(
      'INSERT INTO schema_versions (name, version) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version',
    );
    for (const schema of schemas) {
      const current = versionOf.get(schema.name)?.version ?? 0;
      for (let version = current; version < schema.migrations.length; version += 1) {
        this.db.transaction(() => {
          this.db.exec(schema.migrations[version] ?? '');
          record.run(schema.name, version + 1);
        })();
      }
    }
  }
}

/** One read-modify-write of an entity whose next state the domain decides. */
export interface ReadDecideWrite<T> {
  read(): T | null;
  /** The domain's rule: the next value, or `before` itself to write nothing; may throw. */
  decide(before: T | null): T;
  write(after: T): void;
  events(before: T | null, after: T): readonly DomainEvent[];
}

/**
 * Runs one step inside a `transactAppending` transaction: the read sees what no one else can
 * change before the commit (the connection holds the file), and the events commit with it.
 */
export const readDecideWrite = <T>(
  append: (events: readonly DomainEvent[]) => void,
  step: ReadDecideWrite<T>,
): T => {
  const before = step.read();
  const after = step.decide(before);
  if (after !== before) {
    step.write(after);
    append(step.events(before, after));
  }
  return after;
};

export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
