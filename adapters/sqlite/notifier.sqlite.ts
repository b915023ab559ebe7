import type Database from 'better-sqlite3';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { NotificationLog, SentNotification } from '../../ports/notification-log.port';
import type { Notification, Notifier } from '../../ports/notifier.port';
import type { SqliteDatabase } from './sqlite-database';

type NotificationTuple = [string, string, string, string, string];

export interface SqliteNotifierOptions {
  /** How many of the newest notifications are kept; older ones are deleted as new ones arrive. */
  retain?: number;
}

/**
 * The embedded server's channel: notifications are kept in the database file, so the log
 * (GET /notifications) survives a restart. Ids come from the IdGenerator, which sorts in
 * creation order, so newest first is the primary key walked backwards.
 */
export class SqliteNotifier implements Notifier, NotificationLog {
  private readonly insertRow: Database.Statement<[string, string, string, string, string]>;
  private readonly prune: Database.Statement<[number]>;
  private readonly newest: Database.Statement<[number], NotificationTuple>;
  private readonly retain: number;

  constructor(
    private readonly store: SqliteDatabase,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    options: SqliteNotifierOptions = {},
  ) {
    const db = store.db;
    this.insertRow = db.prepare(
      'INSERT INTO notifications (id, subject, message, attributes, sent_at) VALUES (?, ?, ?, ?, ?)',
    );
    // Bounded like the in-memory log, so a long-running server's file does not grow without
    // end (an import zeroing many items alerts once per item). Reads at most `retain` keys.
    this.prune = db.prepare(
      `DELETE FROM notifications WHERE id < (
         SELECT id FROM notifications ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    this.newest = db
      .prepare<[number], NotificationTuple>(
        `SELECT id, subject, message, attributes, sent_at FROM notifications
         ORDER BY id DESC LIMIT ?`,
      )
      .raw();
    this.retain = Math.max(1, options.retain ?? 1000);
  }

  async notify(notification: Notification): Promise<void> {
    // Serialised now, so a caller changing its object afterwards does not change what was sent;
    // no attributes are stored as an empty set, as the other channels deliver them.
    const attributes = JSON.stringify(notification.attributes ?? {});
    const id = this.ids.next();
    const sentAt = this.clock.now().toISOString();
    await this.store.transact([], () => {
      this.insertRow.run(id, notification.subject, notification.message, attributes, sentAt);
      this.prune.run(this.retain - 1);
    });
  }

  async recent(limit: number): Promise<SentNotification[]> {
    return this.newest.all(limit).map(([id, subject, message, attributes, sentAt]) => ({
      subject,
      message,
      attributes: JSON.parse(attributes) as Record<string, string>,
      id,
      sentAt,
    }));
  }
}
