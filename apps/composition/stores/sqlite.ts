import { SystemClock } from '../../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../../adapters/local/id-generator.uuidv7';
import { SqliteHealthCheck } from '../../../adapters/sqlite/health-check.sqlite';
import { SqliteHousekeeping } from '../../../adapters/sqlite/housekeeping.sqlite';
import { SqliteNotifier } from '../../../adapters/sqlite/notifier.sqlite';
import { SqliteOutbox } from '../../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';
import type { AnyModule } from '../../modules/domain-module';
import { type OpenStore, storesByModule } from './open-store';

/**
 * One SQLite file holding every module's tables (each schema migrated on open), the outbox,
 * the dedupe marks and the notifications, so a change and its events commit in one transaction.
 */
export const openSqliteStore = async (
  modules: readonly AnyModule[],
  file: string,
): Promise<OpenStore & { db: SqliteDatabase }> => {
  const slices = await Promise.all(modules.map((module) => module.stores.sqlite()));
  const db = new SqliteDatabase(
    file,
    slices.map((slice) => slice.schema),
  );
  return {
    kind: 'sqlite',
    db,
    storesOf: storesByModule(
      modules,
      slices.map((slice) => slice.create(db)),
    ),
    processed: new SqliteProcessedEventStore(db),
    outbox: { store: new SqliteOutbox(db), onCommit: (listener) => db.onOutboxCommit(listener) },
    notifications: new SqliteNotifier(db, new UuidV7IdGenerator(), new SystemClock()),
    housekeeping: new SqliteHousekeeping(db),
    healthChecks: [new SqliteHealthCheck(db)],
    close: () => db.close(),
  };
};
