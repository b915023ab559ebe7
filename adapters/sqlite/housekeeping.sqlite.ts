import type {
  PurgeCounts,
  PurgeCutoffs,
  StoreHousekeeping,
} from '../../ports/store-housekeeping.port';
import type { SqliteDatabase } from './sqlite-database';

/** Both tables keep ISO-8601 UTC times, which compare as text in time order. */
export class SqliteHousekeeping implements StoreHousekeeping {
  constructor(private readonly store: SqliteDatabase) {}

  async purge(cutoffs: PurgeCutoffs): Promise<PurgeCounts> {
    const { db } = this.store;
    return {
      processedEvents: db
        .prepare('DELETE FROM processed_events WHERE processed_at < ?')
        .run(cutoffs.processedBefore.toISOString()).changes,
      notifications: db
        .prepare('DELETE FROM notifications WHERE sent_at < ?')
        .run(cutoffs.notificationsBefore.toISOString()).changes,
    };
  }
}
