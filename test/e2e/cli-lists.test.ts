import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { openTableStore } from '../../apps/composition/stores/azure-tables';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { type OpenStore, storesOf } from '../../apps/composition/stores/open-store';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { lotteryModule } from '../../apps/modules/lottery/lottery.module';
import { newDrawRecord } from '../../domain/lottery/draw-record';
import { sampleImport } from '../contracts/import-store.contract';
import { uniqueName } from '../support/azurite';
import { cli } from '../support/cli';
import { startedEmulators } from '../support/fulfilment-stores';
import { tempDir } from '../support/temp-dir';
import {
  type ListedKind,
  storeUnreadableOnDynamoDb,
  unlistOnDynamoDb,
  unlistOnTables,
} from '../support/unlisted-records';

const modules = [inventoryModule, lotteryModule];
const older = sampleImport({ id: 'imp-old', createdAt: '2026-06-01T10:00:00.000Z' });
const newer = sampleImport({ id: 'imp-new', createdAt: '2026-06-02T10:00:00.000Z' });
const draw = newDrawRecord('draw-old', 1, '2026-06-01T11:00:00.000Z');

/** Two imports and a draw stored as before the lists: none of them listed. */
const storeUnlisted = async (
  store: OpenStore,
  unlist: (kind: ListedKind, record: { id: string; createdAt: string }) => Promise<void>,
) => {
  const { imports } = storesOf(store, inventoryModule);
  const { draws } = storesOf(store, lotteryModule);
  for (const record of [older, newer]) {
    await imports.create(record);
    await unlist('import', record);
  }
  await draws.create(draw);
  await unlist('draw', draw);
  const listed = async () => ({
    imports: (await imports.list({ limit: 20 })).items.map((record) => record.id),
    draws: (await draws.list({ limit: 20 })).items.map((record) => record.id),
  });
  expect(await listed()).toEqual({ imports: [], draws: [] });
  return listed;
};

const SUMMARY = (kind: string) =>
  `Lists backfilled on ${kind}:\n` +
  '  import: 2 read, 2 added, 0 already listed\n' +
  '  lottery-draw: 1 read, 1 added, 0 already listed\n';

describe('npm run cli -- lists backfill', () => {
  const emulators = startedEmulators();
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('cli-lists-');
  });
  afterEach(() => dir.remove());

  it('lists the records stored before the lists on DynamoDB and Table Storage, newest first, and names the unreadable', async () => {
    const { dynalite, azurite } = emulators;
    const tableName = await dynalite.newTable();
    const { doc } = dynalite.clients;
    const onDynamoDb = await storeUnlisted(
      await openDynamoDbStore(modules, openDynamoDbTable({ client: doc, tableName })),
      (kind, record) => unlistOnDynamoDb(doc, tableName, kind, record),
    );
    await storeUnreadableOnDynamoDb(doc, tableName, 'imp-bad');
    const prefix = uniqueName('c');
    const tables = new TableStore({
      connectionString: azurite.connectionString,
      tablePrefix: prefix,
    });
    const onTables = await storeUnlisted(await openTableStore(modules, tables), (kind, record) =>
      unlistOnTables(tables, kind, record),
    );
    const env = {
      ...dynalite.env,
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      DATA_DIR: dir.path,
    };
    const dynamoUrl = `dynamodb://${tableName}?endpoint=${dynalite.env.AWS_ENDPOINT_URL}&region=us-east-1`;
    const run = (url: string) => cli(['lists', 'backfill', '--store-url', url], env);

    const [dynamo, azure] = await Promise.all([run(dynamoUrl), run(`azure-tables://${prefix}`)]);
    expect([dynamo.code, dynamo.stdout], dynamo.stderr).toEqual([
      1,
      SUMMARY('dynamodb').replace(
        '2 read, 2 added, 0 already listed',
        '3 read, 2 added, 0 already listed, 1 unreadable',
      ),
    ]);
    expect(dynamo.stderr).toContain(
      'Not listed, as they could not be read (repair or delete them, then run again):\n  IMPORT#imp-bad IMPORT\n',
    );
    expect([azure.code, azure.stdout], azure.stderr).toEqual([0, SUMMARY('azure-tables')]);
    // A progress line per page, on stderr.
    expect(dynamo.stderr).toContain(
      'page 1: import: 3 read, 2 added, 0 already listed, 1 unreadable; lottery-draw: 1 read, 1 added, 0 already listed\n',
    );
    // Table Storage reads kind after kind.
    expect(azure.stderr).toContain(
      'page 1: import: 2 read, 2 added, 0 already listed; lottery-draw: 0 read, 0 added, 0 already listed\n' +
        'page 2: import: 2 read, 2 added, 0 already listed; lottery-draw: 1 read, 1 added, 0 already listed\n',
    );
    const all = { imports: ['imp-new', 'imp-old'], draws: ['draw-old'] };
    expect(await onDynamoDb()).toEqual(all);
    expect(await onTables()).toEqual(all);
  }, 60_000);

  it('says SQLite needs nothing, and refuses bad arguments with the usage', async () => {
    const [sqlite, refused] = await Promise.all([
      cli(['lists', 'backfill', '--store-url', `sqlite:${dir.path}`]),
      cli(['lists', 'backfill', 'now']),
    ]);
    expect([sqlite.code, sqlite.stdout], sqlite.stderr).toEqual([
      0,
      'Nothing to backfill on sqlite: its lists are read from the records themselves.\n',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Usage: npm run cli -- lists backfill [--store-url <url>]');
  }, 60_000);
});
