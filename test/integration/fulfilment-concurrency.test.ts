import { describe, expect, it } from 'vitest';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { messagingModule } from '../../apps/modules/messaging/messaging.module';
import { ordersModule } from '../../apps/modules/orders/orders.module';
import { usersModule } from '../../apps/modules/users/users.module';
import type { ReceivedJob } from '../../ports/job-queue.port';
import { appOn, RECORD_STORES, startedEmulators } from '../support/fulfilment-stores';

/*
 * Fifty orders for the last ten units, fulfilled at once: every store's stock adjustment is
 * atomic, so exactly ten orders are confirmed, forty cancelled, and nothing is oversold or
 * left reserved by a cancelled order, on every record store.
 */

const emulators = startedEmulators();

describe.each(RECORD_STORES)('fulfilment of concurrent orders on %s', (_, open) => {
  it('reserves exactly the 10 units 50 concurrent orders ask for, all or nothing', async () => {
    const { store, close } = await open(emulators);
    try {
      const app = appOn(store);
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
