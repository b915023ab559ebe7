import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeModules } from '../../apps/composition/compose-modules';
import { openTableStore } from '../../apps/composition/stores/azure-tables';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { openMemoryStore } from '../../apps/composition/stores/memory';
import type { OpenStore } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { modules } from '../../apps/modules/modules';
import { type AzuriteInstance, startAzurite, uniqueName } from './azurite';
import { capturingLogger } from './capturing-logger';
import { type Dynalite, startDynalite } from './dynalite';
import { tempDir } from './temp-dir';

/** The emulators the cloud stores run on, started by the test file. */
export interface Emulators {
  dynalite: Dynalite;
  azurite: AzuriteInstance;
}

/** Starts dynalite and Azurite before the file's tests and stops them after. */
export const startedEmulators = (): Emulators => {
  const emulators = {} as Emulators;
  beforeAll(async () => {
    [emulators.dynalite, emulators.azurite] = await Promise.all([startDynalite(), startAzurite()]);
  });
  afterAll(async () => {
    await Promise.all([emulators.dynalite?.close(), emulators.azurite?.stop()]);
  });
  return emulators;
};

export type OpenRecordStore = (
  emulators: Emulators,
) => Promise<{ store: OpenStore; close(): void }>;

/** Every record store the modules run on, fresh for each call: memory, SQLite, dynalite, Azurite. */
export const RECORD_STORES: [string, OpenRecordStore][] = [
  ['memory', async () => ({ store: await openMemoryStore(modules), close: () => undefined })],
  [
    'sqlite',
    async () => {
      const dir = tempDir('fulfilment-');
      const store = await openSqliteStore(modules, join(dir.path, 'test.db'));
      return {
        store,
        close: () => {
          store.close();
          dir.remove();
        },
      };
    },
  ],
  [
    'dynamodb (dynalite)',
    async ({ dynalite }) => {
      const table = openDynamoDbTable({
        client: dynalite.clients.doc,
        tableName: await dynalite.newTable(),
        transactions: 'sequential',
      });
      return { store: await openDynamoDbStore(modules, table), close: () => undefined };
    },
  ],
  [
    'Table Storage (Azurite)',
    async ({ azurite }) => {
      const tables = new TableStore({
        connectionString: azurite.connectionString,
        tablePrefix: uniqueName('f'),
      });
      await tables.ensureTables();
      return { store: await openTableStore(modules, tables), close: () => undefined };
    },
  ],
];

/** Every module composed on `store`, with the repositories `storesOf` hands out (default: its own). */
export const appOn = (
  store: OpenStore,
  notifier = new MemoryNotifier(),
  storesOf: OpenStore['storesOf'] = (module) => store.storesOf(module),
) =>
  composeModules(
    modules,
    {
      clock: new SystemClock(),
      ids: new UuidV7IdGenerator(),
      logger: capturingLogger('silent').logger,
      objects: null as never,
      notifier,
    },
    { storesOf },
  );
