import { join } from 'node:path';
import { SystemClock } from '../../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../../adapters/local/id-generator.uuidv7';
import { SqliteHealthCheck } from '../../../adapters/sqlite/health-check.sqlite';
import { SqliteImportStore } from '../../../adapters/sqlite/import-store.sqlite';
import { SqliteInventoryRepository } from '../../../adapters/sqlite/inventory-repository.sqlite';
import { SqliteNotifier } from '../../../adapters/sqlite/notifier.sqlite';
import { SqliteOrderRepository } from '../../../adapters/sqlite/order-repository.sqlite';
import { SqliteOutbox } from '../../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';
import { SqliteUserRepository } from '../../../adapters/sqlite/user-repository.sqlite';
import type { StoreFactory } from './store-adapters';

/** The default: one SQLite file under DATA_DIR holding records, outbox, dedupe marks and notifications. */
export const sqliteStore: StoreFactory = ({ dataDir }) => {
  const db = new SqliteDatabase(join(dataDir, 'app.db'));
  return {
    users: new SqliteUserRepository(db),
    orders: new SqliteOrderRepository(db),
    inventory: new SqliteInventoryRepository(db),
    imports: new SqliteImportStore(db),
    notifications: new SqliteNotifier(db, new UuidV7IdGenerator(), new SystemClock()),
    processed: new SqliteProcessedEventStore(db),
    outbox: { store: new SqliteOutbox(db), onCommit: (listener) => db.onOutboxCommit(listener) },
    healthChecks: [new SqliteHealthCheck(db)],
    close: () => db.close(),
  };
};
