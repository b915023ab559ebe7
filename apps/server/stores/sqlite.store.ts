import { join } from 'node:path';
import { SqliteHealthCheck } from '../../../adapters/sqlite/health-check.sqlite';
import { SqliteOrderRepository } from '../../../adapters/sqlite/order-repository.sqlite';
import { SqliteOutbox } from '../../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../../adapters/sqlite/sqlite-database';
import { SqliteUserRepository } from '../../../adapters/sqlite/user-repository.sqlite';
import type { StoreFactory } from './store-adapters';

/** The default: one SQLite file under DATA_DIR holding records, outbox and dedupe marks. */
export const sqliteStore: StoreFactory = ({ dataDir }) => {
  const db = new SqliteDatabase(join(dataDir, 'app.db'));
  return {
    users: new SqliteUserRepository(db),
    orders: new SqliteOrderRepository(db),
    processed: new SqliteProcessedEventStore(db),
    outbox: { store: new SqliteOutbox(db), onCommit: (listener) => db.onOutboxCommit(listener) },
    healthChecks: [new SqliteHealthCheck(db)],
    close: () => db.close(),
  };
};
