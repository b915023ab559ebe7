import type Database from 'better-sqlite3';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';
import type { SqliteDatabase } from './sqlite-database';

export class SqliteProcessedEventStore implements ProcessedEventStore {
  private readonly exists: Database.Statement<[string, string], { one: number }>;
  private readonly insert: Database.Statement<[string, string, string]>;

  constructor(store: SqliteDatabase) {
    this.exists = store.db.prepare(
      'SELECT 1 AS one FROM processed_events WHERE consumer = ? AND event_id = ?',
    );
    this.insert = store.db.prepare(
      'INSERT OR IGNORE INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?)',
    );
  }

  async has(consumer: string, eventId: string): Promise<boolean> {
    return this.exists.get(consumer, eventId) !== undefined;
  }

  async record(consumer: string, eventId: string): Promise<void> {
    this.insert.run(consumer, eventId, new Date().toISOString());
  }
}
