import type Database from 'better-sqlite3';
import { type DomainEvent, domainEventSchema } from '../../domain/shared/domain-event';
import { readStoredJson } from '../../domain/shared/stored-record';
import type { OutboxEntry, OutboxStore } from '../../ports/outbox.port';
import type { SqliteDatabase } from './sqlite-database';

export class SqliteOutbox implements OutboxStore {
  private readonly dueRows: Database.Statement<
    [number, number],
    { event: string; attempts: number }
  >;
  private readonly delivered: Database.Statement<[string]>;
  private readonly failed: Database.Statement<[string, string, number, string]>;
  private readonly pending: Database.Statement<[], { count: number }>;

  constructor(private readonly store: SqliteDatabase) {
    const db = store.db;
    this.dueRows = db.prepare(
      `SELECT event, attempts FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
       ORDER BY event_id LIMIT ?`,
    );
    // Delivered rows are deleted, so the table holds only work to do and dead letters.
    this.delivered = db.prepare(`DELETE FROM outbox WHERE event_id = ? AND state = 'pending'`);
    this.failed = db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = ?, next_attempt_at = ?
       WHERE event_id = ?`,
    );
    this.pending = db.prepare(`SELECT count(*) AS count FROM outbox WHERE state = 'pending'`);
  }

  async due(limit: number, now: Date): Promise<OutboxEntry[]> {
    return this.dueRows.all(now.getTime(), limit).map((row) => ({
      event: readStoredJson(domainEventSchema, row.event, 'outbox event') as DomainEvent,
      attempts: row.attempts,
    }));
  }

  async markDelivered(eventIds: readonly string[]): Promise<void> {
    // In the writes' group commit: the relay's deletes share a commit with the requests'.
    await this.store.transact([], () => {
      for (const id of eventIds) this.delivered.run(id);
    });
  }

  async markFailed(eventId: string, error: string, retryAt: Date | null): Promise<void> {
    const state = retryAt ? 'pending' : 'dead';
    this.failed.run(error.slice(0, 2000), state, retryAt?.getTime() ?? 0, eventId);
  }

  async pendingCount(): Promise<number> {
    return this.pending.get()?.count ?? 0;
  }
}
