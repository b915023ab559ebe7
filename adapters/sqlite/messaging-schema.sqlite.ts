import { jobQueueSchema } from './job-queue-schema.sqlite';
import type { SqliteSchema } from './sqlite-database';

/** The messaging module's tables: its documents, and the job queue's. */
export const messagingSchema: SqliteSchema = {
  name: 'messaging',
  migrations: [
    `
    ${jobQueueSchema.migrations[0]}
    CREATE TABLE messaging_records (
      collection TEXT NOT NULL,
      id TEXT NOT NULL,
      value TEXT NOT NULL,
      version INTEGER NOT NULL,
      PRIMARY KEY (collection, id)
    ) WITHOUT ROWID;
    `,
  ],
};
