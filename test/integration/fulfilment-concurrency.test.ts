import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { messagingModule } from '../../apps/modules/messaging/messaging.module';
import { modules } from '../../apps/modules/modules';
import { ordersModule } from '../../apps/modules/orders/orders.module';
import { usersModule } from '../../apps/modules/users/users.module';
import type { ReceivedJob } from '../../ports/job-queue.port';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { capturingLogger } from '../support/capturing-logger';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { tempDir } from '../support/temp-dir';

/*
 * Fifty orders for the last ten units, fulfilled at once: every store's stock adjustment is
 * atomic, so exactly ten orders are confirmed, forty cancelled, and nothing is oversold or
 * left reserved by a cancelled order, on every record store.
 */

let dynalite: Dynalite;
let azurite: AzuriteInstance;
beforeAll(async () => {
  [dynalite, azurite] = await Promise.all([startDynalite(), startAzurite()]);
});
afterAll(async () => {
  await Promise.all([dynalite?.close(), azurite?.stop()]);
});

const STORES: [string, () => Promise<{ store: OpenStore; close(): void }>][] = [
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
    async () => {
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
    async () => {
      const tables = new TableStore({
        connectionString: azurite.connectionString,
        tablePrefix: uniqueName('f'),
      });
      await tables.ensureTables();
      return { store: await openTableStore(modules, tables), close: () => undefined };
    },
  ],
];

describe.each(STORES)('fulfilment of concurrent orders on %s', (_, open) => {
  it('reserves exactly the 10 units 50 concurrent orders ask for, all or nothing', async () => {
    const { store, close } = await open();
    try {
      const app = composeModules(
        modules,
        {
          clock: new SystemClock(),
          ids: new UuidV7IdGenerator(),
          logger: capturingLogger('silent').logger,
          objects: null as never,
          notifier: new MemoryNotifier(),
        },
        { storesOf: (module) => store.storesOf(module) },
      );
      const { users } = app.services(usersModule);
      const { orders } = app.services(ordersModule);
      const { inventory } = app.services(inventoryModule);
      const { messaging } = app.services(messagingModule);
      const user = await users.create({ name: 'Grace', email: `grace-${Date.now()}@example.com` });
      await inventory.set({ store: 'main', item: 'last-one' }, 10);
      await inventory.set({ store: 'main', item: 'plenty' }, 1000);
      const placed = [];
      for (let i = 0; i < 50; i += 1) {
        placed.push(
          await orders.create({
            userId: user.id,
            currency: 'EUR',
            items: [
              { sku: 'plenty', quantity: 1, unitPrice: 100 },
              { sku: 'last-one', quantity: 1, unitPrice: 100 },
            ],
          }),
        );
      }
      const jobs: ReceivedJob[] = placed.map((order) => ({
        id: `job-${order.id}`,
        body: JSON.stringify({ type: 'order_created', orderId: order.id }),
        receipt: `job-${order.id}:1`,
        receiveCount: 1,
      }));
      const { summary } = await messaging.processBatch(jobs);
      expect(summary).toMatchObject({ succeeded: 50, failed: 0, deadLettered: 0 });
      const statuses = await Promise.all(
        placed.map(async (order) => (await orders.get(order.id)).status),
      );
      expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(10);
      expect(statuses.filter((status) => status === 'cancelled')).toHaveLength(40);
      expect((await inventory.get({ store: 'main', item: 'last-one' })).count).toBe(0);
      // The 40 cancelled orders gave back the `plenty` they had reserved first.
      expect((await inventory.get({ store: 'main', item: 'plenty' })).count).toBe(990);
    } finally {
      close();
    }
  }, 120_000);
});
