import { SystemClock } from '../../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../../adapters/local/id-generator.uuidv7';
import { SqliteJobQueue } from '../../../adapters/sqlite/job-queue.sqlite';
import { messagingSchema } from '../../../adapters/sqlite/messaging-schema.sqlite';
import { SqliteProcessedEventStore } from '../../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteRecordStore } from '../../../adapters/sqlite/record-store.sqlite';
import type { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';

export const messagingOnSqlite = {
  schema: messagingSchema,
  create: (db: SqliteDatabase) => ({
    jobs: new SqliteJobQueue(db, { clock: new SystemClock(), ids: new UuidV7IdGenerator() }),
    docs: new SqliteRecordStore(db),
    processed: new SqliteProcessedEventStore(db),
  }),
};
