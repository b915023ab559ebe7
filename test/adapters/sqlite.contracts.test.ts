import { join } from 'node:path';
import { SqliteOrderRepository } from '../../adapters/sqlite/order-repository.sqlite';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { SqliteUserRepository } from '../../adapters/sqlite/user-repository.sqlite';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeOutboxContract } from '../contracts/outbox-store.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
import { tempDir } from '../support/temp-dir';

/** A real database file per test, removed afterwards. */
const openDatabase = () => {
  const dir = tempDir('sqlite-contract-');
  const db = new SqliteDatabase(join(dir.path, 'test.db'));
  return {
    db,
    close: () => {
      db.close();
      dir.remove();
    },
  };
};

describeUserRepositoryContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { users: new SqliteUserRepository(db), outbox: new SqliteOutbox(db), close };
});

describeOrderRepositoryContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { orders: new SqliteOrderRepository(db), outbox: new SqliteOutbox(db), close };
});

describeOutboxContract('sqlite', () => {
  const { db, close } = openDatabase();
  return {
    outbox: new SqliteOutbox(db),
    append: (events) => db.transact(events, () => undefined),
    close,
  };
});

describeProcessedEventStoreContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { processed: new SqliteProcessedEventStore(db), close };
});
