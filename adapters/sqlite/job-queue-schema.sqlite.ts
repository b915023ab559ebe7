import type { SqliteSchema } from './sqlite-database';

/**
 * The embedded job queue, in the one file: a job is a row, its visibility a time, its receipt
 * `<id>:<receive count>` (so a receipt from an earlier receive is recognised as stale), its
 * dead-letter state a time and a reason. A job received and never deleted simply becomes
 * visible again: a crash loses nothing.
 */
export const jobQueueSchema: SqliteSchema = {
  name: 'jobs',
  migrations: [
    `
    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      dedup_id TEXT,
      visible_at INTEGER NOT NULL,
      receive_count INTEGER NOT NULL DEFAULT 0,
      dead_at INTEGER,
      reason TEXT
    ) WITHOUT ROWID;
    CREATE INDEX jobs_ready ON jobs (visible_at, id) WHERE dead_at IS NULL;
    CREATE INDEX jobs_dead ON jobs (dead_at, id) WHERE dead_at IS NOT NULL;
    CREATE TABLE job_dedup (
      dedup_id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL,
      sent_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX job_dedup_age ON job_dedup (sent_at);
    `,
  ],
};
